// YouTube transcripts (issue #13), the page half: functions injected with scripting.executeScript.
// They are serialised and run in the tab, so each one is self-contained: no imports, no closures,
// no helpers defined outside it (https://developer.chrome.com/docs/extensions/reference/api/scripting#runtime-functions).
// They run in the page's MAIN world: the live player response is a page global, and the caption
// track is fetched by the page itself (its origin, its cookies), never by the extension.

/** What the watch page lists: the player response's captions part, the video's title and id. */
export interface PlayerCaptions {
  captions: unknown;
  title: string;
  videoId: string;
}

/**
 * The player response of the video on screen: the player's own (current after in-page
 * navigation), else `ytInitialPlayerResponse`, else the same object parsed out of the page's
 * scripts. null: not a page with a player response.
 */
export function readPlayerCaptions(): PlayerCaptions | null {
  type Response = { captions?: unknown; videoDetails?: { title?: string; videoId?: string } };
  const w = window as unknown as { ytInitialPlayerResponse?: Response };
  const player: unknown = document.getElementById('movie_player');
  const getResponse = (player as { getPlayerResponse?: () => Response } | null)?.getPlayerResponse;
  let response: Response | undefined;
  try {
    response = typeof getResponse === 'function' ? getResponse.call(player) : undefined;
  } catch {
    response = undefined;
  }
  response ??= w.ytInitialPlayerResponse;
  if (!response) {
    for (const script of Array.from(document.scripts)) {
      const text = script.textContent ?? '';
      const at = text.indexOf('ytInitialPlayerResponse = ');
      if (at < 0) continue;
      const json = text.slice(at + 'ytInitialPlayerResponse = '.length).replace(/;\s*(var |const |let |if |window|\(function)[\s\S]*$|;\s*$/, '');
      try {
        response = JSON.parse(json) as Response;
        break;
      } catch {
        // Not the object literal we expected: keep looking.
      }
    }
  }
  if (!response || typeof response !== 'object') return null;
  return { captions: response.captions ?? null, title: response.videoDetails?.title ?? document.title, videoId: response.videoDetails?.videoId ?? '' };
}

/** Fetches a caption track from the page's own context; '' when it fails. Caps what it returns. */
export async function fetchCaptionTrack(url: string): Promise<string> {
  try {
    // http(s) only: the track address comes from the page's own data.
    const target = new URL(url, location.href);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return '';
    // eslint-disable-next-line no-restricted-globals -- runs in the YouTube page (issue #13), not in the extension
    const response = await fetch(target.href, { credentials: 'include' });
    if (!response.ok) return '';
    const text = await response.text();
    return text.slice(0, 5_000_000);
  } catch {
    return '';
  }
}
