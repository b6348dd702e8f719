import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Renders untrusted Markdown (READMEs, issue bodies, comments). Safe by construction: raw HTML
 * in the source is shown as text (no rehype-raw), and URLs go through react-markdown's
 * allow-list (`javascript:`, `vbscript:`, `data:` … become empty), so nothing can run script.
 * Links leave the page with `noopener`.
 */
export default function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml={false}
        urlTransform={defaultUrlTransform}
        components={{
          a: ({ node: _node, ...props }) => <a {...props} rel="noopener noreferrer nofollow" />,
          img: ({ node: _node, ...props }) => (
            <img {...props} loading="lazy" alt={props.alt ?? ''} />
          ),
        }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
