import { lazy, Suspense } from 'react';

// react-markdown + GFM is a separate chunk: only pages that show Markdown load it.
const loadMarkdown = () => import('./Markdown');
const Markdown = lazy(loadMarkdown);

/** Starts loading the renderer early (e.g. with a page's data), so it is ready with the text. */
export function preloadMarkdown(): void {
  void loadMarkdown();
}

export function LazyMarkdown({ source }: { source: string }) {
  return (
    <Suspense fallback={<pre className="whitespace-pre-wrap text-sm text-slate-600">{source}</pre>}>
      <Markdown source={source} />
    </Suspense>
  );
}
