/**
 * The inspector's page: one Cloud Storage upload in every delivery format the worker accepts
 * (Formats), a captured delivery decoded (Paste), and the events the worker handles (Live).
 * Plain TypeScript and the DOM, bundled by esbuild into `dist/inspector/page.js`.
 */
import type { FormatsResponse } from '../api-types';
import { ApiProblem, fetchFormats } from './api';
import { h, replaceChildren } from './dom';
import { formatsView } from './formats-view';
import { liveView } from './live-view';
import { pasteView } from './paste-view';

const VIEWS = ['formats', 'paste', 'live'] as const;
type View = (typeof VIEWS)[number];

let formats: FormatsResponse | undefined;

const errorLine = h('p', { id: 'error', class: 'error', role: 'alert', hidden: true });
const showError = (error: unknown): void => {
  errorLine.hidden = false;
  errorLine.textContent =
    error instanceof ApiProblem ? `${error.status}: ${error.message}` : `error: ${String(error)}`;
};

const objectInput = h('input', {
  id: 'object',
  type: 'text',
  list: 'samples',
  size: 40,
  'aria-label': 'object',
});
const samples = h('datalist', { id: 'samples' });
/** The sample images of the local bucket: picking one shows a new upload of it. */
const sampleMenu = h('select', {
  id: 'sample',
  'aria-label': 'sample image',
  onchange: () => {
    if (sampleMenu.value !== '') void load(sampleMenu.value, true);
    sampleMenu.value = '';
  },
});
const targetUrl = h('input', {
  id: 'target-url',
  type: 'url',
  placeholder: 'http://127.0.0.1:8080/',
  size: 28,
  'aria-label': 'worker URL',
});
const ownWorker = h('input', { type: 'radio', name: 'target', id: 'target-own', checked: true });
const otherWorker = h('input', { type: 'radio', name: 'target', id: 'target-other' });
const ownWorkerLabel = h('span', { class: 'note' });
targetUrl.addEventListener('input', () => {
  otherWorker.checked = true;
});
/** Where sends go: undefined for the inspector's own worker, else the URL typed in. */
const target = (): string | undefined =>
  otherWorker.checked && targetUrl.value !== '' ? targetUrl.value : undefined;

const panes: Record<View, HTMLElement> = {
  formats: h('div', { class: 'pane', id: 'pane-formats' }),
  paste: h('div', { class: 'pane', id: 'pane-paste', hidden: true }),
  live: h('div', { class: 'pane', id: 'pane-live', hidden: true }),
};
const tabNames: Record<View, string> = { formats: 'Formats', paste: 'Paste', live: 'Live' };
const tabs = VIEWS.map((view) =>
  h(
    'button',
    {
      role: 'tab',
      id: `tab-${view}`,
      'aria-selected': String(view === 'formats'),
      onclick: () => {
        show(view);
      },
    },
    tabNames[view],
  ),
);

function show(view: View): void {
  for (const [index, name] of VIEWS.entries()) {
    panes[name].hidden = name !== view;
    tabs[index]?.setAttribute('aria-selected', String(name === view));
  }
  if (view === 'paste' && panes.paste.childElementCount === 0) {
    replaceChildren(
      panes.paste,
      pasteView(() => formats, target, showError),
    );
  }
  history.replaceState(null, '', `#${view}`);
}

async function load(object?: string, fresh = false): Promise<void> {
  errorLine.hidden = true;
  try {
    formats = await fetchFormats(object, fresh ? Date.now() : undefined);
    objectInput.value = formats.object;
    ownWorkerLabel.textContent = `${formats.workerUrl} (LABELER=local, RESULTS_MODE=reply)`;
    replaceChildren(
      samples,
      formats.samples.map((sample) => h('option', { value: sample })),
    );
    replaceChildren(
      sampleMenu,
      h('option', { value: '' }, 'or pick a sample…'),
      formats.samples.map((sample) => h('option', { value: sample }, sample)),
    );
    replaceChildren(panes.formats, formatsView(formats, target, showError));
    document.body.dataset.ready = 'true';
  } catch (error) {
    showError(error);
  }
}

document.body.replaceChildren(
  h(
    'header',
    { class: 'top' },
    h('h1', {}, 'dualrun inspector'),
    h(
      'p',
      { class: 'tagline' },
      'One Cloud Storage upload, in every delivery format the worker accepts: on the wire, sent, decoded, live.',
    ),
    h(
      'form',
      {
        class: 'controls',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void load(objectInput.value, true);
        },
      },
      h('label', {}, 'Object ', objectInput, samples),
      sampleMenu,
      h(
        'button',
        {
          type: 'submit',
          id: 'new-upload',
          title: 'a new upload of the object: a new event id and generation',
        },
        'New upload',
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Send to'),
        h('label', {}, ownWorker, " the inspector's worker ", ownWorkerLabel),
        h('label', {}, otherWorker, ' another worker ', targetUrl),
      ),
    ),
    h('nav', { role: 'tablist' }, tabs),
  ),
  errorLine,
  h('main', {}, panes.formats, panes.paste, panes.live),
);
replaceChildren(
  panes.live,
  liveView((count) => {
    const tab = tabs[VIEWS.indexOf('live')];
    if (tab !== undefined) tab.textContent = `Live (${count})`;
  }),
);
void load();
const initial = location.hash.slice(1);
if ((VIEWS as readonly string[]).includes(initial)) show(initial as View);
