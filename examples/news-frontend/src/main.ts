// `node build/main.js ENDPOINT ADDRESS...`: renders each address of the site against a
// delivery API and prints one JSON answer per line ({address, status, html} or
// {address, status, location}); tests/test_news_frontend.py reads them.
import { render } from "./site.js";

const [endpoint, ...addresses] = process.argv.slice(2);
if (!endpoint) {
  console.error("usage: node build/main.js ENDPOINT ADDRESS...");
  process.exit(2);
}
for (const address of addresses) {
  console.log(JSON.stringify({ address, ...(await render(endpoint, address)) }));
}
