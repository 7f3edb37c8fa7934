// Lets GOV.UK Frontend style for JavaScript; a file, not inline, so the CSP needs no 'unsafe-inline'.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
