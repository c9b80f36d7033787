// handlebars: templates with expressions, escaping, blocks (each, if,
// with, unless), custom helpers, partials, and precompiled templates.
const Handlebars = require("handlebars");
const hb = Handlebars.create();
hb.registerHelper("upper", (s) => String(s).toUpperCase());
hb.registerHelper("plural", (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`);
hb.registerHelper("bold", function (options) {
  return new hb.SafeString("<b>" + options.fn(this) + "</b>");
});
hb.registerPartial("user", "{{name}} <{{email}}>");
const t = hb.compile(`Hello {{upper name}}! You have {{plural count "message"}}.
Escaped: {{html}} Raw: {{{html}}}
{{#each items}}{{@index}}:{{this.label}}{{#if this.done}} (done){{else}} (todo){{/if}}{{#unless @last}}, {{/unless}}{{/each}}
{{#with author}}By {{> user}}{{/with}}
{{#bold}}strong {{name}}{{/bold}}
{{#each map}}{{@key}}={{this}};{{/each}}
{{! a comment }}{{missing}}end`);
console.log(t({
  name: "ada",
  count: 2,
  html: "<i>x</i>",
  items: [{ label: "one", done: true }, { label: "two" }],
  author: { name: "Grace", email: "grace@example.com" },
  map: { a: 1, b: 2 },
}));
console.log(hb.compile("{{#if x}}yes{{else if y}}maybe{{else}}no{{/if}}")({ y: true }));
console.log(hb.compile("{{lookup list 1}} {{list.length}}")({ list: ["a", "b"] }));
const spec = hb.precompile("Precompiled {{x}}");
const fn = hb.template(eval("(" + spec + ")"));
console.log(fn({ x: "works" }));
try {
  hb.compile("{{#each}}")();
} catch (err) {
  console.log("error:", err.message.split("\n")[0]);
}
console.log("escapeExpression:", hb.escapeExpression("<a href=\"x\">'&'</a>"));
