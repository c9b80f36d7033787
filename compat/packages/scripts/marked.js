// marked: Markdown to HTML, with GFM tables, code blocks, lists, inline
// formatting, a custom renderer and the lexer.
const { marked, Marked } = require("marked");
const md = `# Title

Some *emphasis*, **strong**, \`code\` and a [link](https://example.com "title").

- one
- two
  - nested

1. first
2. second

> a quote

\`\`\`js
const x = 1 < 2;
\`\`\`

| a | b |
|---|:-:|
| 1 | 2 |

~~struck~~ and https://autolinked.example.com

---
`;
console.log(marked.parse(md));
console.log(marked.parseInline("**inline** _only_"));
const custom = new Marked({
  renderer: {
    heading({ tokens, depth }) {
      return `<h${depth} class="custom">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});
console.log(custom.parse("## Custom *heading*"));
console.log("lexer:", marked.lexer("# h\n\ntext").map((t) => t.type).join(","));
