import { useQuery } from '@tanstack/react-query';
import { fetchEnabledMessengers, fetchMessengerSettings, messengersKeys } from '../api/messengers.api.ts';

export function useMessengerSettings() {
  return useQuery({ queryKey: messengersKeys.settings, queryFn: fetchMessengerSettings });
}

/** Enabled messengers: the sidebar's Chat menu and the contact panel's buttons. */
export function useEnabledMessengers() {
  return useQuery({ queryKey: messengersKeys.enabled, queryFn: fetchEnabledMessengers, staleTime: 60_000 });
}
