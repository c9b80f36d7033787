// dns.lookup of localhost and of addresses, callbacks and promises.
const dns = require("dns");

dns.lookup("localhost", { family: 4 }, (err, address, family) => {
  console.log("localhost v4:", err, address, family);
  dns.lookup("127.0.0.1", (err, address, family) => {
    console.log("literal:", err, address, family);
    dns.lookup("::1", { all: true }, (err, list) => {
      console.log("literal v6 all:", err, JSON.stringify(list));
      dns.promises.lookup("localhost", { family: 4, all: true }).then((list) => {
        console.log("promises:", JSON.stringify(list));
        return require("dns/promises").lookup("10.1.2.3");
      }).then((r) => console.log("dns/promises:", JSON.stringify(r)));
    });
  });
});
try {
  dns.lookup("localhost", { family: 5 }, () => {});
} catch (err) {
  console.log("bad family:", err.code);
}
console.log("order:", dns.getDefaultResultOrder());
