import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { LazyMarkdown } from '../../components/LazyMarkdown';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { BranchSwitcher } from './BranchSwitcher';
import { RepositoryBlobQuery } from './RepositoryHomePage';
import { useRepositoryContext } from './RepositoryLayout';

/** Source with line numbers; each number is an anchor (`#L12`) and is not copied with the text. */
export function NumberedLines({ text }: { text: string }) {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse font-mono text-xs leading-5">
        <tbody>
          {lines.map((line, index) => {
            const number = index + 1;
            return (
              <tr key={number} id={`L${number}`} className="target:bg-amber-100">
                <td className="w-12 select-none px-3 text-right align-top text-slate-400">
                  <a
                    href={`#L${number}`}
                    aria-label={`Line ${number}`}
                    data-line-number={number}
                    className="hover:text-slate-700"
                  >
                    {number}
                  </a>
                </td>
                <td className="whitespace-pre pr-4">{line || ' '}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function BlobPage() {
  const { owner, name, gitRef, repository } = useRepositoryContext();
  const path = useParams()['*'] ?? '';
  const [rendered, setRendered] = useState(true);
  const { data, loading, error, refetch } = useQuery(RepositoryBlobQuery, {
    variables: { owner, name, ref: gitRef ?? null, path },
  });
  const blob = data?.repository.blob;
  const isMarkdown = /\.(md|markdown)$/i.test(path);

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        {repository && <BranchSwitcher repository={repository} gitRef={gitRef} />}
        <Breadcrumbs owner={owner} name={name} path={path} gitRef={gitRef} />
      </div>
      {!blob && loading && <Loading label="Loading file…" />}
      {!blob && !loading && (
        <ErrorState
          error={error}
          what="this file"
          unavailableTitle="Git host unavailable"
          onRetry={() => void refetch()}
        />
      )}
      {blob && (
        <section className="card" aria-label={`File ${path}`}>
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-2 text-xs text-slate-600">
            <span>{blob.byteSize} bytes</span>
            {blob.text !== null && <span>{blob.text.split('\n').length} lines</span>}
            {isMarkdown && blob.text !== null && (
              <div role="group" aria-label="View" className="ml-auto flex gap-1">
                <button
                  type="button"
                  className="btn-secondary py-0.5"
                  aria-pressed={rendered}
                  onClick={() => setRendered(true)}
                >
                  Preview
                </button>
                <button
                  type="button"
                  className="btn-secondary py-0.5"
                  aria-pressed={!rendered}
                  onClick={() => setRendered(false)}
                >
                  Source
                </button>
              </div>
            )}
          </div>
          {blob.truncated && (
            <p className="border-b border-slate-200 bg-amber-50 px-4 py-2 text-xs">
              This file is large: only its beginning is shown.
            </p>
          )}
          {blob.isBinary || blob.text === null ? (
            <div className="p-4">
              <EmptyState title="Binary file">{blob.byteSize} bytes; not shown.</EmptyState>
            </div>
          ) : isMarkdown && rendered ? (
            <div className="p-4">
              <LazyMarkdown source={blob.text} />
            </div>
          ) : (
            <NumberedLines text={blob.text} />
          )}
        </section>
      )}
    </div>
  );
}
