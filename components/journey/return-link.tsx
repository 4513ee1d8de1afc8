export interface ReturnLinkProps {
  href: string;
  /** "Return to {app}", in the journey's language (worded by the server). */
  label: string;
  variant?: 'primary' | 'secondary';
}

/**
 * "Return to {app}": a plain link styled as the step's button, so it works before (and without)
 * the page's scripts.
 */
export function ReturnLink({ href, label, variant = 'primary' }: ReturnLinkProps) {
  const style =
    variant === 'primary'
      ? 'bg-brand text-white hover:bg-brand-strong'
      : 'bg-white text-slate-900 ring-1 ring-inset ring-slate-500 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-400 dark:hover:bg-slate-800';
  return (
    <a
      href={href}
      className={`inline-flex min-h-11 w-full items-center justify-center rounded-lg px-4 py-2.5 text-base font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand dark:focus-visible:outline-teal-300 ${style}`}
    >
      {label}
    </a>
  );
}
