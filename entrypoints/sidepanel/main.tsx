import { render } from 'preact';
render(<p>FlareChat</p>, document.getElementById('app')!);
