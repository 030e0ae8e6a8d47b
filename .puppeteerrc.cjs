// whatsapp-web.js drives the system Chromium (WHATSAPP_WEB_CHROMIUM); puppeteer must not
// download a browser at install time (npm versions without package.json "allowScripts").
module.exports = { skipDownload: true };
