/**
 * The page's HTML: a shell that loads the built script and style sheet (`dist/inspector/`); the
 * script renders everything. No inline script or style, so the Content-Security-Policy can be
 * `'self'` only.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dualrun inspector</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/page.css">
<script type="module" src="/assets/page.js"></script>
</head>
<body>
<noscript>The dualrun inspector needs JavaScript.</noscript>
</body>
</html>
`;

/** The Content-Security-Policy of every page answer: the page's own assets and API only. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
