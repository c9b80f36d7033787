// Line icons on a 16×16 grid, drawn for this UI, in the text colour.
import type { JSX } from "preact";

const PATHS = {
  play: <path d="M5 3.5v9l7-4.5z" fill="currentColor" stroke="none" />,
  stop: <rect x="4" y="4" width="8" height="8" rx="1" fill="currentColor" stroke="none" />,
  restart: (
    <>
      <path d="M12.5 8a4.5 4.5 0 1 1-1.3-3.2" />
      <path d="M12 2.5v2.8H9.2" />
    </>
  ),
  clear: (
    <>
      <circle cx="8" cy="8" r="5" />
      <path d="M4.5 11.5l7-7" />
    </>
  ),
  sun: (
    <>
      <circle cx="8" cy="8" r="2.8" />
      <path d="M8 1.5v1.6M8 12.9v1.6M1.5 8h1.6M12.9 8h1.6M3.4 3.4l1.1 1.1M11.5 11.5l1.1 1.1M3.4 12.6l1.1-1.1M11.5 4.5l1.1-1.1" />
    </>
  ),
  moon: <path d="M13 9.6A5.5 5.5 0 0 1 6.4 3a5.5 5.5 0 1 0 6.6 6.6z" />,
  folder: <path d="M1.8 4.2c0-.6.4-1 1-1h3.3l1.4 1.5h5.7c.6 0 1 .4 1 1v6.6c0 .6-.4 1-1 1H2.8c-.6 0-1-.4-1-1z" />,
  folderOpen: (
    <>
      <path d="M1.8 12V4.2c0-.6.4-1 1-1h3.3l1.4 1.5h5c.6 0 1 .4 1 1v1" />
      <path d="M1.8 12.3l1.9-5c.1-.4.5-.6.9-.6h9.2c.5 0 .8.5.7.9l-1.6 4.3c-.1.4-.5.7-1 .7H2.3" />
    </>
  ),
  file: (
    <>
      <path d="M3.5 2h5.8l3.2 3.2v8.3c0 .3-.2.5-.5.5H3.5c-.3 0-.5-.2-.5-.5v-11c0-.3.2-.5.5-.5z" />
      <path d="M9.2 2v3.3h3.3" />
    </>
  ),
  device: (
    <>
      <rect x="2.5" y="4" width="11" height="8" rx="1" />
      <path d="M5 7h1M8 7h3M5 9.5h6" />
    </>
  ),
  chevronRight: <path d="M6 3.5L10.5 8 6 12.5" />,
  chevronDown: <path d="M3.5 6L8 10.5 12.5 6" />,
  download: (
    <>
      <path d="M8 2v8.5M4.5 7L8 10.5 11.5 7" />
      <path d="M2.5 13.5h11" />
    </>
  ),
  newFile: (
    <>
      <path d="M9 13.9H3.5c-.3 0-.5-.2-.5-.5v-11c0-.3.2-.5.5-.5h5.8l3.2 3.2V8" />
      <path d="M12.5 10.5v4M10.5 12.5h4" />
    </>
  ),
  newFolder: (
    <>
      <path d="M8.5 12.8H2.8c-.6 0-1-.4-1-1V4.2c0-.6.4-1 1-1h3.3l1.4 1.5h5.7c.6 0 1 .4 1 1V8" />
      <path d="M12.5 10v4.5M10.3 12.2h4.4" />
    </>
  ),
  refresh: (
    <>
      <path d="M13 3.5V6.5H10" />
      <path d="M12.7 6.3A5 5 0 1 0 13 9.5" />
    </>
  ),
  trash: (
    <>
      <path d="M2.5 4.3h11M6.2 4.3V2.8h3.6v1.5" />
      <path d="M3.8 4.3l.7 9.2c0 .3.3.5.6.5h5.8c.3 0 .6-.2.6-.5l.7-9.2" />
    </>
  ),
  search: (
    <>
      <circle cx="7" cy="7" r="4.2" />
      <path d="M10.2 10.2l3.6 3.6" />
    </>
  ),
  pause: <path d="M5.5 3.5v9M10.5 3.5v9" />,
  follow: (
    <>
      <path d="M8 2.5v9M4.5 8L8 11.5 11.5 8" />
      <path d="M3.5 14h9" />
    </>
  ),
  archive: (
    <>
      <rect x="2" y="2.5" width="12" height="3" rx=".6" />
      <path d="M3 5.5v7.5c0 .3.2.5.5.5h9c.3 0 .5-.2.5-.5V5.5M6.5 8.3h3" />
    </>
  ),
  close: <path d="M4 4l8 8M12 4l-8 8" />,
  copy: (
    <>
      <rect x="5.5" y="5.5" width="8" height="8.5" rx="1" />
      <path d="M10.5 5.5V3c0-.3-.2-.5-.5-.5H3c-.3 0-.5.2-.5.5v7.5c0 .3.2.5.5.5h2.5" />
    </>
  ),
  alert: (
    <>
      <path d="M8 1.8l6.4 11.4H1.6z" />
      <path d="M8 6.3v3.4M8 11.3v.2" />
    </>
  ),
  check: <path d="M3 8.5l3.2 3.2L13 4.8" />,
  save: (
    <>
      <path d="M2.5 3c0-.3.2-.5.5-.5h8.3l2.2 2.2V13c0 .3-.2.5-.5.5H3c-.3 0-.5-.2-.5-.5z" />
      <path d="M5 2.5v3.3h5.5V2.5M5 13.5V9.5h6v4" />
    </>
  ),
  revert: (
    <>
      <path d="M3 3.5v3h3" />
      <path d="M3.3 6.3A5 5 0 1 1 3.5 10" />
    </>
  ),
  layoutRows: (
    <>
      <rect x="2" y="2.5" width="12" height="11" rx="1" />
      <path d="M2 9h12" />
    </>
  ),
  layoutCols: (
    <>
      <rect x="2" y="2.5" width="12" height="11" rx="1" />
      <path d="M9.5 2.5v11" />
    </>
  ),
} satisfies Record<string, JSX.Element>;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, class: cls }: { name: IconName; size?: number; class?: string }) {
  return (
    <svg
      class={cls ? `icon ${cls}` : "icon"}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      stroke-width="1.4"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      {PATHS[name]}
    </svg>
  );
}
