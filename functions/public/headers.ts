// Headers of every public answer: short caching and open CORS, since websites and displays read
// the feed from the browser and nothing in it is personal.
export const PUBLIC_HEADERS = { 'cache-control': 'public, max-age=30', 'access-control-allow-origin': '*' } as const;
