// The global fetch, Headers, Request and Response: node-fetch 2 (pinned in
// package.json) over the layer's http and https, so a fetch goes through
// the kernel's sockets, its policy and, for https:, its TLS. As node-fetch
// has it, a Response's body is a Node Readable (Node's own fetch has a web
// ReadableStream); text(), json(), arrayBuffer() and blob() are the same.
let nodeFetch;

function load() {
  if (!nodeFetch) nodeFetch = require("node-fetch/lib/index.js"); // its "browser" entry is the page's fetch
  return nodeFetch;
}

export function getFetch() {
  const f = load();
  return function fetch(input, init) {
    return f.default(input, init);
  };
}

export const getHeaders = () => load().Headers;
export const getRequest = () => load().Request;
export const getResponse = () => load().Response;
