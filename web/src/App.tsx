import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { ApolloSessionProvider } from './apollo/ApolloSessionProvider';
import { SessionProvider, useSession } from './auth/SessionProvider';
import { Layout } from './components/Layout';
import { Loading } from './components/states';
import { IssueListPage } from './pages/issues/IssueListPage';
import { IssuePage } from './pages/issues/IssuePage';
import { NewIssuePage } from './pages/issues/NewIssuePage';
import { NewOrganizationPage } from './pages/NewOrganizationPage';
import { NewRepositoryPage } from './pages/NewRepositoryPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OwnerPage } from './pages/owner/OwnerPage';
import { TeamPage } from './pages/owner/TeamPage';
import { BlobPage } from './pages/repo/BlobPage';
import { CommitsPage } from './pages/repo/CommitsPage';
import { RepositoryHomePage } from './pages/repo/RepositoryHomePage';
import { RepositoryLayout } from './pages/repo/RepositoryLayout';
import { TreePage } from './pages/repo/TreePage';
import { RepositoriesPage } from './pages/RepositoriesPage';
import { RepositorySettingsPage } from './pages/settings/RepositorySettingsPage';
import { SignInPage } from './pages/SignInPage';
import { signInHref } from './routes';

// Heavy and rarely first: their own chunks.
const PlaygroundPage = lazy(() => import('./pages/PlaygroundPage'));
const StatusPage = lazy(() => import('./pages/status/StatusPage'));

/** Sends the user to sign in when the session expires or the gateway rejects it. */
function SessionExpiryRedirect() {
  const { signedOutReason } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    if (signedOutReason === 'expired' && location.pathname !== '/login') {
      void navigate(signInHref(location.pathname + location.search), { replace: true });
    }
    // Only a change of the reason should redirect, not every navigation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signedOutReason]);
  return null;
}

/** Pages that need a signed-in user. */
function RequireSession({ children }: { children: React.ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to={signInHref(location.pathname + location.search)} replace />;
  return children;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/playground"
        element={
          <Suspense fallback={<Loading label="Loading the playground…" />}>
            <PlaygroundPage />
          </Suspense>
        }
      />
      <Route element={<Layout />}>
        <Route index element={<RepositoriesPage />} />
        <Route path="login" element={<SignInPage />} />
        <Route
          path="new"
          element={
            <RequireSession>
              <NewRepositoryPage />
            </RequireSession>
          }
        />
        {/* Gitea reserves the name "org": these never shadow an owner's page. */}
        <Route
          path="org/new"
          element={
            <RequireSession>
              <NewOrganizationPage />
            </RequireSession>
          }
        />
        <Route path="org/:org/teams/:team" element={<TeamPage />} />
        <Route
          path="status"
          element={
            <Suspense fallback={<Loading />}>
              <StatusPage />
            </Suspense>
          }
        />
        <Route path=":owner" element={<OwnerPage />} />
        <Route path=":owner/:name" element={<RepositoryLayout />}>
          <Route index element={<RepositoryHomePage />} />
          <Route path="tree/*" element={<TreePage />} />
          <Route path="blob/*" element={<BlobPage />} />
          <Route path="commits" element={<CommitsPage />} />
          <Route path="issues" element={<IssueListPage />} />
          <Route
            path="issues/new"
            element={
              <RequireSession>
                <NewIssuePage />
              </RequireSession>
            }
          />
          <Route path="issues/:number" element={<IssuePage />} />
          <Route
            path="settings"
            element={
              <RequireSession>
                <RepositorySettingsPage />
              </RequireSession>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <SessionProvider>
      <ApolloSessionProvider>
        <BrowserRouter>
          <SessionExpiryRedirect />
          <AppRoutes />
        </BrowserRouter>
      </ApolloSessionProvider>
    </SessionProvider>
  );
}
