import { useId, useMemo, type FormEvent } from 'react';
import { MAX_PASTED_URLS, MAX_URL_LIST_BYTES } from '../../../../../src-shared/api';
import { formatCount } from '../../../lib/format';
import { useShallow } from 'zustand/react/shallow';
import { useEstimateWebsiteStore } from './website-store';
import { inProgress } from '../estimate-shapes';
import { Panel } from '../../../components/Panel';
import { Icon } from '../../../components/Icon';
import { FieldHint } from '../../../components/FieldHint';
import { FilePicker } from '../FilePicker';
import { formatBytes } from '../format-bytes';
import { NumberField } from '../../../components/NumberField';

/** Non-blank lines, counted without splitting a 100,000-line paste into an array on every keystroke. */
function countLines(text: string): number {
  let lines = 0;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    if (/\S/.test(text.slice(start, stop))) lines++;
    if (end === -1) break;
    start = end + 1;
  }
  return lines;
}

/** Sitemap and/or pasted addresses, and a page size typed or measured from saved pages. */
export function WebsiteForm() {
  // One subscription to the form's fields, compared shallowly: upload progress does not re-render it.
  const s = useEstimateWebsiteStore(
    useShallow((state) => ({
      sitemap: state.sitemap,
      urlsText: state.urlsText,
      sizeMode: state.sizeMode,
      avgChars: state.avgChars,
      samples: state.samples,
      fieldErrors: state.fieldErrors,
      phase: state.phase,
      update: state.update,
      run: state.run,
    })),
  );
  const busy = inProgress(s.phase);
  const lineCount = useMemo(() => countLines(s.urlsText), [s.urlsText]);
  const ids = {
    urls: useId(),
    source: useId(),
    samples: useId(),
    sitemapHint: useId(),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void s.run();
  };

  return (
    <Panel
      title="Website training"
      description="One credit per site for the crawl (sites crawled before are not charged again), plus each page by the 5,000-character rule."
    >
      <form className="form est-form" onSubmit={submit} aria-label="Website estimate">
        <div className="field">
          <span className="est-label">Sitemap</span>
          <div className="est-file-row">
            {s.sitemap ? (
              <span className="est-chip">
                {s.sitemap.name} <span className="cell-muted">{formatBytes(s.sitemap.size)}</span>
                <button
                  type="button"
                  className="btn btn-icon"
                  aria-label={`Remove ${s.sitemap.name}`}
                  disabled={busy}
                  onClick={() => s.update({ sitemap: null })}
                >
                  <Icon name="close" size={14} />
                </button>
              </span>
            ) : (
              <FilePicker
                label="Choose sitemap.xml…"
                inputLabel="Sitemap file"
                accept=".xml,.gz,application/xml,text/xml"
                disabled={busy}
                describedBy={ids.sitemapHint}
                onFiles={(files) => s.update({ sitemap: files[0] ?? null })}
              />
            )}
          </div>
          <span id={ids.sitemapHint} className="field-hint">
            A saved sitemap.xml (or .xml.gz); nothing is fetched from the web.
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.urls}>Page addresses</label>
          <textarea
            id={ids.urls}
            className="input est-urls"
            rows={5}
            value={s.urlsText}
            disabled={busy}
            placeholder={'https://help.example.com/getting-started\nhttps://help.example.com/billing'}
            aria-invalid={s.fieldErrors.source !== undefined}
            aria-describedby={ids.source}
            onChange={(e) => s.update({ urlsText: e.target.value })}
          />
          <FieldHint id={ids.source} error={s.fieldErrors.source}>
            One http(s) address per line, added to the sitemap’s pages. Up to {formatCount(MAX_PASTED_URLS)}{' '}
            addresses ({formatCount(MAX_URL_LIST_BYTES / 1024 / 1024)} MB); longer lists go in a sitemap file.
            {lineCount > 0 && ` ${formatCount(lineCount)} of ${formatCount(MAX_PASTED_URLS)} lines pasted.`}
          </FieldHint>
        </div>
        <fieldset className="est-fieldset" disabled={busy}>
          <legend>Page size</legend>
          <label className="check">
            <input
              type="radio"
              name="page-size"
              checked={s.sizeMode === 'average'}
              onChange={() => s.update({ sizeMode: 'average' })}
            />
            Average characters of cleaned text per page
          </label>
          {s.sizeMode === 'average' && (
            <NumberField
              label="Average characters per page"
              hideLabel
              className="est-indent"
              width="narrow"
              value={s.avgChars}
              placeholder="e.g. 6,000"
              onChange={(avgChars) => s.update({ avgChars })}
              error={s.fieldErrors.avgChars}
              hint="Min and max show what the page rule allows around this average."
            />
          )}
          <label className="check">
            <input
              type="radio"
              name="page-size"
              checked={s.sizeMode === 'samples'}
              onChange={() => s.update({ sizeMode: 'samples' })}
            />
            Measure a few saved pages (HTML)
          </label>
          {s.sizeMode === 'samples' && (
            <div className="field est-indent">
              <div className="est-file-row">
                {s.samples.map((file, i) => (
                  <span key={`${file.name}-${i}`} className="est-chip">
                    {file.name}
                    <button
                      type="button"
                      className="btn btn-icon"
                      aria-label={`Remove ${file.name}`}
                      onClick={() => s.update({ samples: s.samples.filter((_, j) => j !== i) })}
                    >
                      <Icon name="close" size={14} />
                    </button>
                  </span>
                ))}
                <FilePicker
                  label="Add saved pages…"
                  inputLabel="Sample pages"
                  accept=".html,.htm,text/html"
                  multiple
                  describedBy={ids.samples}
                  onFiles={(files) => s.update({ samples: [...s.samples, ...files] })}
                />
              </div>
              <FieldHint id={ids.samples} error={s.fieldErrors.samples}>
                Min, expected and max come from the smallest, average and largest sample.
              </FieldHint>
            </div>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Estimate website training
          </button>
        </div>
      </form>
    </Panel>
  );
}
