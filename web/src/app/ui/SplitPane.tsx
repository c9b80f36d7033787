// Two panes and a splitter between them. Drag the splitter (or focus it and
// use the arrow keys; double-click resets) to resize; the size is remembered
// per id.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { loadPref, savePref } from "../lib/storage";

interface Props {
  id: string;
  direction: "row" | "column";
  /** The first pane's share of the space at first, 0..1. */
  initial: number;
  /** Smallest sizes in pixels of the first and second pane. */
  minFirst?: number;
  minSecond?: number;
  class?: string;
  children: [ComponentChildren, ComponentChildren];
}

const isFraction = (v: unknown): v is number => typeof v === "number" && v > 0 && v < 1;

export function SplitPane({ id, direction, initial, minFirst = 120, minSecond = 120, class: cls, children }: Props) {
  const [fraction, setFraction] = useState(() => loadPref(`split.${id}`, initial, isFraction));
  const box = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState(false);
  const row = direction === "row";

  const clamp = (f: number) => {
    const el = box.current;
    const total = el ? (row ? el.clientWidth : el.clientHeight) : 0;
    if (total <= minFirst + minSecond) return Math.min(0.9, Math.max(0.1, f));
    return Math.min(1 - minSecond / total, Math.max(minFirst / total, f));
  };
  const commit = (f: number) => {
    const c = clamp(f);
    setFraction(c);
    savePref(`split.${id}`, c);
  };

  useEffect(() => {
    if (!dragging) return;
    const move = (e: PointerEvent) => {
      const rect = box.current!.getBoundingClientRect();
      const f = row ? (e.clientX - rect.left) / rect.width : (e.clientY - rect.top) / rect.height;
      setFraction(clamp(f));
    };
    const up = () => {
      setDragging(false);
      setFraction((f) => {
        savePref(`split.${id}`, f);
        return f;
      });
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
    return () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
    };
  }, [dragging]);

  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 0.1 : 0.02;
    const back = row ? "ArrowLeft" : "ArrowUp";
    const fwd = row ? "ArrowRight" : "ArrowDown";
    if (e.key === back) commit(fraction - step);
    else if (e.key === fwd) commit(fraction + step);
    else if (e.key === "Home") commit(0);
    else if (e.key === "End") commit(1);
    else return;
    e.preventDefault();
  };

  const pct = `${(fraction * 100).toFixed(3)}%`;
  return (
    <div ref={box} class={`split split-${direction}${dragging ? " split-dragging" : ""}${cls ? " " + cls : ""}`}>
      <div class="split-pane" style={{ flexBasis: pct }}>
        {children[0]}
      </div>
      <div
        class="splitter"
        role="separator"
        aria-orientation={row ? "vertical" : "horizontal"}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuemin={0}
        aria-valuemax={100}
        tabIndex={0}
        title="Drag to resize · double-click to reset"
        onPointerDown={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDblClick={() => commit(initial)}
        onKeyDown={onKey}
      />
      <div class="split-pane split-rest">{children[1]}</div>
    </div>
  );
}
