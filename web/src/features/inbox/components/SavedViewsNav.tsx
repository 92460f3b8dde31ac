import { ActionIcon, NavLink } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { BookmarkIcon, CloseIcon } from '../../../components/ui/icons.tsx';
import { deleteView, fetchViews, inboxKeys } from '../../conversations/index.ts';
import { filtersOfSearch, searchOfFilters } from '../hooks/useInboxParams.ts';

/** The signed-in person's saved views under the Inbox link: each opens the list with its filters. */
export function SavedViewsNav() {
  const { t } = useTranslation();
  const location = useLocation();
  const queryClient = useQueryClient();
  const views = useQuery({ queryKey: inboxKeys.views, queryFn: ({ signal }) => fetchViews(signal), staleTime: 60_000 });
  const remove = useMutation({
    mutationFn: deleteView,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKeys.views }),
  });
  const list = views.data?.results ?? [];
  if (list.length === 0) return null;
  const inInbox = location.pathname.startsWith('/inbox');
  const current = inInbox ? searchOfFilters(filtersOfSearch(new URLSearchParams(location.search))) : null;
  return (
    <nav aria-label={t('operator.views.title')} data-testid="saved-views">
      {list.map((view) => {
        const search = searchOfFilters(view.filters);
        return (
          <div
            key={view.id}
            style={{
              display: 'flex',
              alignItems: 'center',
              borderRadius: 'var(--mantine-radius-sm)',
              // The remove button sits inside the highlight of the active view.
              background: current === search ? 'var(--mantine-color-blue-light)' : undefined,
            }}
          >
            <NavLink
              component={Link}
              to={`/inbox?${search}`}
              label={view.name}
              leftSection={<BookmarkIcon size={16} />}
              active={current === search}
              pl={28}
              aria-current={current === search ? 'page' : undefined}
              style={{ flex: 1, minWidth: 0 }}
            />
            <ActionIcon
              size="sm"
              variant="subtle"
              color="gray"
              aria-label={t('operator.views.remove', { name: view.name })}
              onClick={() => remove.mutate(view.id)}
            >
              <CloseIcon size={12} />
            </ActionIcon>
          </div>
        );
      })}
    </nav>
  );
}
