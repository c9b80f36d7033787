// The page's entry. `vite --mode fake` swaps src/kernel/client.ts for the
// fake kernel (see vite.config.ts); every other build uses the real one.
import { render } from "preact";
import { createKernelClient } from "./kernel/client";
import { Root } from "./app/App";
import "./app/theme";
import "./app/styles.css";

render(<Root connect={createKernelClient} />, document.getElementById("app")!);
