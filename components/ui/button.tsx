import type { ButtonHTMLAttributes } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'ghost';
  pending?: boolean;
}

const styles = {
  primary:
    'bg-brand text-white hover:bg-brand-strong focus-visible:outline-brand disabled:bg-slate-600',
  secondary:
    'bg-white text-slate-900 ring-1 ring-inset ring-slate-500 hover:bg-slate-50 focus-visible:outline-brand dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-400 dark:hover:bg-slate-800',
  ghost:
    'text-slate-600 hover:text-slate-900 hover:bg-slate-100 focus-visible:outline-brand dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white',
};

export function Button({
  variant = 'primary',
  pending,
  className = '',
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type="button"
      aria-busy={pending || undefined}
      className={`inline-flex min-h-11 w-full items-center justify-center rounded-lg px-4 py-2.5 text-base font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed ${styles[variant]} ${className}`}
      {...rest}
    >
      {pending ? (
        // The busy state is more than a colour: a spinner beside the label (aria-busy tells assistive tech).
        <span
          aria-hidden="true"
          className="mr-2 inline-block size-4 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-none"
        />
      ) : null}
      {children}
    </button>
  );
}
