// Prefilled slugs with German transliteration, like the server's german_slugify:
// Django's URLify maps "ä" to "a"; replace the umlauts and ß before it sees them.
"use strict";
{
    const urlify = window.URLify;
    const german = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"};
    if (urlify) {
        window.URLify = function(s, numChars, allowUnicode) {
            return urlify(String(s).replace(/[äöüßÄÖÜ]/g, (c) => german[c]), numChars, allowUnicode);
        };
    }
}
