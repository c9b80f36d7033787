// Request failures and other passing news, bottom right.
import type { Store } from "./store";
import { Icon } from "./ui/Icon";

export function Toasts({ store }: { store: Store }) {
  return (
    <div class="toasts" role="status" aria-live="polite">
      {store.toasts.value.map((t) => (
        <div key={t.id} class={`toast toast-${t.tone}`}>
          <Icon name={t.tone === "error" ? "alert" : "check"} />
          <span class="toast-text">{t.text}</span>
          <button class="btn btn-icon btn-ghost" onClick={() => store.dismiss(t.id)} aria-label="Dismiss">
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
