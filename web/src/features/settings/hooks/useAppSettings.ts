import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { appSettingsKey, fetchAllAppSettings, saveAppSettings, type AppSettings } from '../api/app-settings.api.ts';

/** Every running app's settings with their schemas (admins), and saving one app's. */
export function useAllAppSettings() {
  const queryClient = useQueryClient();
  return {
    query: useQuery({ queryKey: appSettingsKey, queryFn: fetchAllAppSettings }),
    save: useMutation({
      mutationFn: saveAppSettings,
      onSuccess: (values, input) =>
        queryClient.setQueryData<AppSettings[]>(appSettingsKey, (apps) =>
          apps?.map((each) => (each.app === input.app ? { ...each, values } : each)),
        ),
      meta: { silent: true },
    }),
  };
}
