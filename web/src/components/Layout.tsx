import { Link, NavLink, Outlet } from 'react-router';
import { ownerHref } from '../routes';
import { useSession } from '../auth/SessionProvider';
import { SignOutButton } from './SignOutButton';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-2 py-1 text-sm ${isActive ? 'bg-slate-700 text-white' : 'text-slate-200 hover:text-white'}`;

export function Layout() {
  const { session } = useSession();
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <NavLink to="/" className="flex items-center gap-2 font-bold tracking-tight">
            <span aria-hidden="true" className="inline-block h-4 w-4 rounded-full bg-orange-500" />
            GitForge
          </NavLink>
          <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
            <NavLink to="/" end className={navClass}>
              Repositories
            </NavLink>
            <NavLink to="/status" className={navClass}>
              System status
            </NavLink>
            <NavLink to="/playground" className={navClass}>
              Playground
            </NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-2 text-sm">
            {session ? (
              <>
                <span className="text-slate-300">
                  Signed in as{' '}
                  <Link
                    to={ownerHref(session.login)}
                    className="font-bold text-white hover:underline"
                  >
                    {session.login}
                  </Link>
                </span>
                <SignOutButton />
              </>
            ) : (
              <NavLink to="/login" className={navClass}>
                Sign in
              </NavLink>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
