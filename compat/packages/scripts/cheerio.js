// cheerio: loading HTML, selectors, traversal, reading and changing
// attributes, text and markup, and serialising.
const cheerio = require("cheerio");
const $ = cheerio.load(`<!DOCTYPE html>
<html><head><title>Compat &amp; more</title></head>
<body>
  <ul id="fruits" class="list">
    <li class="apple" data-price="1.5">Apple</li>
    <li class="orange">Orange</li>
    <li class="pear" data-price="2">Pear</li>
  </ul>
  <p>Some <b>bold</b> and <a href="/link?a=1&amp;b=2">a link</a>.</p>
  <form><input name="q" value="search"><input type="checkbox" name="c" checked></form>
</body></html>`);
console.log("title:", $("title").text());
console.log("count:", $("li").length, "classes:", $("li").map((i, el) => $(el).attr("class")).get().join(","));
console.log("attribute selector:", $("li[data-price]").map((i, el) => $(el).data("price")).get());
console.log("pseudo:", $("li:first-child").text(), $("li:nth-child(2)").text(), $("li").last().text());
console.log("traversal:", $(".orange").prev().text(), $(".orange").next().text(), $(".orange").parent().attr("id"), $("ul").children().length);
console.log("find/closest:", $("body").find("b").text(), $("b").closest("p").length);
console.log("text:", JSON.stringify($("p").text()));
console.log("html:", $("p").html());
console.log("href:", $("a").attr("href"));
$(".apple").addClass("red").removeClass("apple").attr("title", "changed");
$("ul").append('<li class="plum">Plum</li>');
$(".orange").remove();
$("b").replaceWith("<i>italic</i>");
console.log("after changes:", $("ul").html().replace(/\s+/g, " ").trim());
console.log("p now:", $("p").html());
console.log("hasClass/is:", $("li").first().hasClass("red"), $("li").is(".plum"));
console.log("form:", JSON.stringify($("form").serializeArray()), $('input[name="c"]').prop("checked"));
console.log("each:", $("li").toArray().map((el) => el.tagName).join(","));
const frag = cheerio.load("<div><span>x</span></div>", null, false);
console.log("fragment:", frag.html());
console.log("xml:", cheerio.load("<root><Item a='1'/></root>", { xml: true }).xml());
