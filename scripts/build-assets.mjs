// Builds static/dist: our compiled GOV.UK Frontend CSS, the Frontend JS module and the images it needs.
// Fonts are deliberately not copied: this service uses Arial, not GDS Transport.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

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
cpSync(join(frontend, "assets", "images", "favicon.ico"), join(dist, "govuk", "assets", "images", "favicon.ico"), {
  recursive: true,
});
cpSync(join(frontend, "assets", "images", "favicon.svg"), join(dist, "govuk", "assets", "images", "favicon.svg"));
cpSync(join(frontend, "assets", "manifest.json"), join(dist, "govuk", "assets", "manifest.json"));
cpSync(join(root, "static", "src", "js"), join(dist, "js"), { recursive: true });
console.log(`Built ${dist}`);
