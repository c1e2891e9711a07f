// Reads at most `max` characters of a response body and then cancels the download: error pages and
// challenge pages can be megabytes, and we only ever need their first few kilobytes to classify them.
export async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } finally {
    reader.cancel().catch(() => {});
  }
  return text.slice(0, max);
}
