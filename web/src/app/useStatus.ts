// The kernel's `status`, asked every second while a panel that shows it is
// in view (and the tab is visible): the Kernel and Network panels.
import { useEffect, useState } from "preact/hooks";
import type { StatusBody } from "../protocol.gen";
import type { Store } from "./store";
import { errorText } from "./store";

const REFRESH_MS = 1000;

/** The last status answer, and the error of the last request (null when it succeeded). */
export function useStatus(store: Store, active: boolean): { status: StatusBody | null; error: string | null } {
  const [status, setStatus] = useState<StatusBody | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ready = store.ready.value;

  useEffect(() => {
    if (!active || !ready) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState === "visible") {
        try {
          const s = await store.client.request("status", {});
          if (stopped) return;
          setStatus(s);
          setError(null);
        } catch (e) {
          if (!stopped) setError(errorText(e, "status"));
        }
      }
      if (!stopped) timer = setTimeout(tick, REFRESH_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, ready, store]);

  return { status, error };
}
