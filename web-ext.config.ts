import { defineWebExtConfig } from 'wxt';
// `wxt` dev must not launch a browser by itself (it crashes with no display); `npm start` does.
export default defineWebExtConfig({ disabled: true });
