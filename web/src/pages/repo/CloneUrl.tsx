import { CopyButton } from '../../components/CopyButton';

export function CloneUrl({ url }: { url: string }) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="clone-url" className="shrink-0 text-sm font-medium">
        Clone
      </label>
      <input
        id="clone-url"
        readOnly
        className="input min-w-0 flex-1 py-1 font-mono text-xs"
        value={url}
        onFocus={(e) => e.target.select()}
      />
      <CopyButton text={url} label="Copy clone URL" />
    </div>
  );
}
