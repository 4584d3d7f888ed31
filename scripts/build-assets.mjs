// Builds static/dist: our compiled GOV.UK Frontend CSS, the Frontend JS module, the favicons the templates link to,
// and every file the built CSS and JS refer to.
//
// Every url(), @import and sourceMappingURL in the built files is followed and the file it names is copied from the
// package it came from; the build fails if one cannot be found. Production serves static files through WhiteNoise's
// CompressedManifestStaticFilesStorage, whose collectstatic rewrites those references to hashed names and stops with
// MissingFileError when a referenced file is absent (issue 14: the crest in the footer's copyright logo). We copy what
// is referenced rather than configuring sass not to reference what we do not show (no crown, crest or GDS Transport
// here): the list of files Frontend's styles refer to changes between releases, and a sass setting would have to be
// re-checked on every upgrade, while following the built CSS cannot drift from it. A reference we did not expect
// costs a few kilobytes; a missing one breaks every page in production. Fonts are not referenced (the font-face is
// not included: $govuk-font-family is Arial), so none are copied; if they ever are, they will be.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const STATIC_URL = "/static/"; // bscb/settings/base.py; $govuk-assets-path in static/src/app.scss is under it

// Where a file under static/dist comes from: the first of these folders that has it.
const sources = {
  "govuk/": [frontend],
  "js/": [join(root, "static", "src", "js"), frontend],
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "css"), { recursive: true });
mkdirSync(join(dist, "js"), { recursive: true });

const result = sass.compile(join(root, "static", "src", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
});
writeFileSync(join(dist, "css", "app.css"), result.css);
cpSync(join(frontend, "govuk-frontend.min.js"), join(dist, "js", "govuk-frontend.min.js"));
for (const name of ["favicon.ico", "favicon.svg"]) {
  cpSync(join(frontend, "assets", "images", name), join(dist, "govuk", "assets", "images", name), { recursive: true });
}
cpSync(join(frontend, "assets", "manifest.json"), join(dist, "govuk", "assets", "manifest.json"));
cpSync(join(root, "static", "src", "js"), join(dist, "js"), { recursive: true });

// The references Django's ManifestStaticFilesStorage rewrites (django/contrib/staticfiles/storage.py, patterns).
const patterns = {
  ".css": [
    /url\(\s*(['"]?)(?<url>[^'")]*?)\1\s*\)/g,
    /@import\s*(['"])(?<url>[^'"]*)\1/g,
    /\/\*# sourceMappingURL=(?<url>[^\s*]*)\s*\*\//g,
  ],
  ".js": [/^\/\/# sourceMappingURL=(?<url>.*)$/gm],
};

function* builtFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* builtFiles(path);
    else yield path;
  }
}

// The static/dist path a reference in `file` names, or null when it is not a file of ours (data:, http:, #fragment).
function target(file, url) {
  const bare = url.trim().split(/[?#]/)[0];
  if (!bare || /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(bare)) return null;
  if (bare.startsWith(STATIC_URL)) return bare.slice(STATIC_URL.length);
  if (bare.startsWith("/")) throw new Error(`${file}: ${url} is outside ${STATIC_URL}`);
  const from = posix.dirname(relative(dist, file).split(sep).join("/"));
  return posix.normalize(posix.join(from, bare));
}

const missing = [];
const copied = new Set();
let pending = [...builtFiles(dist)];
while (pending.length) {
  const next = [];
  for (const file of pending) {
    const ext = file.slice(file.lastIndexOf("."));
    for (const pattern of patterns[ext] ?? []) {
      for (const match of readFileSync(file, "utf8").matchAll(pattern)) {
        const name = target(file, match.groups.url);
        if (name === null || existsSync(join(dist, name))) continue;
        const prefix = Object.keys(sources).find((p) => name.startsWith(p));
        const from = (sources[prefix] ?? []).map((dir) => join(dir, name.slice(prefix.length))).find(existsSync);
        if (!from) {
          missing.push(`${relative(root, file)}: ${match.groups.url}`);
          continue;
        }
        cpSync(from, join(dist, name), { recursive: true });
        copied.add(name);
        next.push(join(dist, name));
      }
    }
  }
  pending = next;
}
if (missing.length) {
  const searched = [...new Set(Object.values(sources).flat())].map((dir) => relative(root, dir));
  console.error(`Referenced by the built assets but not found in ${searched.join(", ")}:`);
  for (const line of missing) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`Built ${dist} (referenced files copied: ${[...copied].sort().join(", ") || "none"})`);
