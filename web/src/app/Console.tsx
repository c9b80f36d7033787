// The Console: a terminal (xterm.js) showing the guest's stdout and stderr,
// a line of typed stdin at a time (see lib/lineDiscipline.ts), and a line
// when a process starts and ends.
import { useEffect, useRef } from "preact/hooks";
import { Terminal, type ITheme } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import "@xterm/xterm/css/xterm.css";
import type { KernelInfo } from "../protocol.gen";
import type { Store } from "./store";
import { theme, type Theme } from "./theme";
import { describeEnd, formatDuration, hasEnded, isLive } from "./lib/format";
import { LineDiscipline } from "./lib/lineDiscipline";
import { shortcutOf } from "./lib/keys";

const THEMES: Record<Theme, ITheme> = {
  dark: {
    background: "#141517",
    foreground: "#d7dae0",
    cursor: "#d7dae0",
    cursorAccent: "#141517",
    selectionBackground: "#3a5a8c88",
    black: "#1e1f22",
    red: "#f47067",
    green: "#57c58b",
    yellow: "#e2b552",
    blue: "#6cb6ff",
    magenta: "#dcbdfb",
    cyan: "#56c2d6",
    white: "#d7dae0",
    brightBlack: "#6e7681",
    brightRed: "#ff938a",
    brightGreen: "#6bdf9f",
    brightYellow: "#f0c870",
    brightBlue: "#96d0ff",
    brightMagenta: "#e8d0ff",
    brightCyan: "#7ddcee",
    brightWhite: "#ffffff",
  },
  light: {
    background: "#ffffff",
    foreground: "#1f2328",
    cursor: "#1f2328",
    cursorAccent: "#ffffff",
    selectionBackground: "#0969da33",
    black: "#1f2328",
    red: "#cf222e",
    green: "#1a7f37",
    yellow: "#9a6700",
    blue: "#0969da",
    magenta: "#8250df",
    cyan: "#1b7c83",
    white: "#6e7781",
    brightBlack: "#8c959f",
    brightRed: "#a40e26",
    brightGreen: "#2da44e",
    brightYellow: "#bf8700",
    brightBlue: "#218bff",
    brightMagenta: "#a475f9",
    brightCyan: "#3192aa",
    brightWhite: "#8c959f",
  },
};

const FONT = 'ui-monospace, "SF Mono", Menlo, Consolas, "JetBrains Mono", "DejaVu Sans Mono", "Liberation Mono", monospace';

// SGR sequences for what the Console adds around guest output.
const STDERR_ON = "\x1b[31m";
const FG_OFF = "\x1b[39m";
const DIM = "\x1b[90m";

export function Console({ store }: { store: Store }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const { client, actions } = store;
    const term = new Terminal({
      convertEol: true, // the guest writes \n; a terminal needs \r\n
      fontFamily: FONT,
      fontSize: 13,
      lineHeight: 1.25,
      cursorBlink: true,
      cursorStyle: "bar",
      cursorInactiveStyle: "outline",
      scrollback: 10_000,
      theme: THEMES[theme.value],
      allowTransparency: false,
      drawBoldTextInBrightColors: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);

    let atLineStart = true;
    const write = (data: string | Uint8Array) => {
      if (data.length === 0) return;
      term.write(data);
      const last = typeof data === "string" ? data.charCodeAt(data.length - 1) : data[data.length - 1];
      atLineStart = last === 10;
    };
    const note = (text: string, colour = DIM) => {
      write(`${atLineStart ? "" : "\r\n"}${colour}${text}${FG_OFF}\r\n`);
    };

    // The UI's shortcuts pass through the terminal to the window; Ctrl-C
    // with a selection copies instead of stopping.
    term.attachCustomKeyEventHandler((e) => {
      if (shortcutOf(e)) return false;
      if (e.type === "keydown" && e.ctrlKey && !e.shiftKey && e.key === "c" && term.hasSelection()) {
        void navigator.clipboard?.writeText(term.getSelection());
        term.clearSelection();
        return false;
      }
      return true;
    });

    const ld = new LineDiscipline();
    term.onData((data) => {
      if (!store.running.value) return; // nothing reads stdin between processes
      for (const fx of ld.feed(data)) {
        switch (fx.kind) {
          case "echo":
            write(fx.text);
            break;
          case "send":
            client.writeStdin(fx.data);
            break;
          case "interrupt":
            void actions.stop("interrupted (Ctrl-C)");
            break;
          case "eof":
            void actions.closeStdin();
            break;
          case "clear":
            term.clear();
            break;
        }
      }
    });

    const offOutput = client.onOutput((o) => {
      if (o.stream === "stderr") {
        write(STDERR_ON);
        write(o.data);
        term.write(FG_OFF);
      } else {
        write(o.data);
      }
    });

    // A line when a process starts and when it ends, once each.
    const seen = new Map<number, string>();
    const onProcess = (p: KernelInfo) => {
      const before = seen.get(p.pid);
      if (before === undefined) {
        note(`$ ${p.argv.join(" ")}`);
      }
      if (hasEnded(p) && (before === undefined || !hasEnded({ state: before }))) {
        ld.reset();
        const took = p.ended && p.started ? ` in ${formatDuration(Date.parse(p.ended) - Date.parse(p.started))}` : "";
        const colour = p.state === "exited" ? (p.exitCode === 0 ? DIM : "\x1b[33m") : p.state === "killed" ? "\x1b[33m" : "\x1b[31m";
        note(`${describeEnd(p)}${p.state === "exited" ? took : ""}`, colour);
      }
      seen.set(p.pid, p.state);
      if (seen.size > 200) seen.delete(seen.keys().next().value!);
    };
    for (const p of store.processes.value) seen.set(p.pid, p.state);
    const offProcess = client.on("process", onProcess);

    const unbind = actions.bindConsole({
      clear() {
        term.clear();
        if (!isLive(store.current.value)) ld.reset();
        term.focus();
      },
      focus: () => term.focus(),
    });

    const offTheme = theme.subscribe((t) => (term.options.theme = THEMES[t]));

    let frame = 0;
    const resize = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (host.current && host.current.clientWidth > 0) fit.fit();
      });
    });
    resize.observe(host.current!);
    fit.fit();
    term.focus();

    return () => {
      offOutput();
      offProcess();
      unbind();
      offTheme();
      resize.disconnect();
      cancelAnimationFrame(frame);
      term.dispose();
    };
  }, [store]);

  return <div class="terminal" ref={host} data-testid="console" />;
}
