// http's classes as Node has them: functions that old-style subclasses call
// on their own `this` (util.inherits), and classes that `extends` reaches.
const http = require("http");
const util = require("util");
const req = { method: "GET", httpVersionMajor: 1, httpVersionMinor: 1 };
function Old(r) {
  http.ServerResponse.call(this, r);
  this.mine = 1;
}
util.inherits(Old, http.ServerResponse);
const o = new Old(req);
o.setHeader("X-A", "b");
console.log("old-style:", o instanceof http.ServerResponse, o instanceof http.OutgoingMessage, o.statusCode, o.mine, o.getHeader("x-a"), o.constructor === Old);
class New extends http.ServerResponse {}
const n = new New(req);
console.log("class:", n instanceof http.ServerResponse, n.statusCode, http.ServerResponse.name, new http.ServerResponse(req).constructor === http.ServerResponse);
function OldOut() { http.OutgoingMessage.call(this); }
util.inherits(OldOut, http.OutgoingMessage);
const out = new OldOut();
console.log("OutgoingMessage:", out.headersSent, out.hasHeader("x"), typeof out.getHeaders());
