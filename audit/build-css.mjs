// make css: static/css/bootstrap.min.css is Bootstrap 5 (served by Bootstrap-Flask, MIT) with only
// the rules the templates, scripts and Python code name. Class names built at run time are kept
// by the safelist. Run from the repository root: node audit/build-css.mjs BOOTSTRAP_CSS
import { readFileSync, writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const [source] = process.argv.slice(2);
const results = await new PurgeCSS().purge({
  content: ["templates/**/*.html", "static/js/*.js", "directory/**/*.py"],
  css: [source],
  safelist: {
    standard: [/^alert-/, /^badge-/, /^text-bg-/, /^btn-/, /^is-/, "show", "active", "disabled", "fade"],
    greedy: [/^form-/, /^invalid-/, /^valid-/, /^visually-hidden/],
  },
  keyframes: true,
});
const banner = readFileSync(source, "utf8").match(/^@charset "UTF-8";\/\*![\s\S]*?\*\//)?.[0] ?? "";
const css = results[0].css.startsWith("@charset") ? results[0].css : banner + results[0].css;
writeFileSync("static/css/bootstrap.min.css", css);
console.log(`static/css/bootstrap.min.css: ${css.length} bytes (from ${readFileSync(source).length})`);
