// Puppeteer downloads its own Chrome on install unless a browser is already
// here: with PUPPETEER_EXECUTABLE_PATH set or a system Chromium installed
// (Debian's `chromium`), the download is skipped and that browser is used.
const { existsSync } = require('node:fs');

const system =
  process.env.PUPPETEER_EXECUTABLE_PATH ||
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'].find((p) => existsSync(p));

module.exports = {
  skipDownload: Boolean(system) || process.env.PUPPETEER_SKIP_DOWNLOAD === 'true',
};
