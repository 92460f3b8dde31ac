// Runs before the app: applies the remembered colour scheme and language so the first paint is right.
(function () {
  try {
    var scheme = localStorage.getItem('sb.color-scheme') || 'auto';
    if (scheme === 'auto') scheme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
    var language = localStorage.getItem('sb.language');
    if (language) document.documentElement.lang = language;
  } catch {
    /* storage blocked: defaults apply */
  }
})();
