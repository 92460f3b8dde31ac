import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { cachedChat, putChat } from '../../conversations/index.ts';
import { inboxKeys } from '../../conversations/index.ts';
import type { Chat } from '../../conversations/index.ts';
import {
  assignChat,
  fetchTeams,
  createCannedResponse,
  createLabel,
  createOperator,
  deleteCannedResponse,
  deleteLabel,
  deleteOperator,
  fetchAssignments,
  fetchCannedResponses,
  fetchChatLabels,
  fetchDirectory,
  fetchLabels,
  fetchOperators,
  fetchPolicy,
  reopenChat,
  resolveChat,
  savePolicy,
  setChatLabels,
  teamKeys,
  updateOperator,
  type InboxPolicy,
  type OperatorInput,
} from '../api/team.api.ts';

export function useOperators(enabled = true) {
  return useQuery({ queryKey: teamKeys.operators, queryFn: fetchOperators, enabled });
}

/** Teammates by id, for names on assignments; any staff user may read it. */
export function useTeammates() {
  const query = useQuery({ queryKey: teamKeys.directory, queryFn: fetchDirectory, staleTime: 60_000 });
  const byId = useMemo(() => new Map((query.data ?? []).map((member) => [String(member.id), member])), [query.data]);
  return { ...query, byId };
}

/** Teams and their members (any staff user reads them: the team picker and the list's filter). */
export function useTeams() {
  const query = useQuery({ queryKey: teamKeys.teams, queryFn: fetchTeams, staleTime: 60_000 });
  const byId = useMemo(() => new Map((query.data ?? []).map((team) => [String(team.id), team])), [query.data]);
  return { ...query, byId };
}

function useTeamInvalidation() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: teamKeys.operators });
    void queryClient.invalidateQueries({ queryKey: teamKeys.directory });
  };
}

export function useSaveOperator() {
  const invalidate = useTeamInvalidation();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: Partial<OperatorInput> }) =>
      id === undefined ? createOperator(input as OperatorInput) : updateOperator(id, input),
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useDeleteOperator() {
  const invalidate = useTeamInvalidation();
  return useMutation({ mutationFn: deleteOperator, meta: { silent: true }, onSuccess: invalidate });
}

export function usePolicy() {
  return useQuery({ queryKey: teamKeys.policy, queryFn: fetchPolicy });
}

export function useSavePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<InboxPolicy>) => savePolicy(patch),
    meta: { silent: true },
    onSuccess: (policy) => queryClient.setQueryData(teamKeys.policy, policy),
  });
}

export function useLabels() {
  const query = useQuery({ queryKey: teamKeys.labels, queryFn: fetchLabels, staleTime: 60_000 });
  const byId = useMemo(() => new Map((query.data ?? []).map((label) => [label.id, label])), [query.data]);
  return { ...query, byId };
}

export function useCreateLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createLabel,
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.labels }),
  });
}

export function useDeleteLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteLabel,
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.labels }),
  });
}

export function useCannedResponses() {
  return useQuery({ queryKey: teamKeys.canned, queryFn: fetchCannedResponses });
}

export function useCreateCannedResponse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCannedResponse,
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.canned }),
  });
}

export function useDeleteCannedResponse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCannedResponse,
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.canned }),
  });
}

/** The conversation's assignment history; realtime `chat_assigned` marks it stale. */
export function useAssignments(chatId: Chat['id'], enabled: boolean) {
  return useQuery({ queryKey: teamKeys.assignments(chatId), queryFn: () => fetchAssignments(chatId), enabled });
}

export function useChatLabels(chatId: Chat['id']) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: teamKeys.chatLabels(chatId),
    queryFn: async () => {
      const labels = await fetchChatLabels(chatId);
      const chat = cachedChat(queryClient, chatId);
      if (chat) putChat(queryClient, { ...chat, label_ids: labels.map((label) => label.id) });
      return labels;
    },
  });
}

/** Assign, transfer, unassign, resolve, reopen, label: the header's actions, reflected at once. */
export function useChatActions(chat: Chat) {
  const queryClient = useQueryClient();
  const update = (patch: Partial<Chat>) => {
    const current = cachedChat(queryClient, chat.id) ?? chat;
    putChat(queryClient, { ...current, ...patch });
  };
  const assign = useMutation({
    mutationFn: ({ operatorId, note, teamId }: { operatorId: number | null; note?: string; teamId?: number | null }) =>
      assignChat(chat.id, operatorId, note, teamId),
    meta: { silent: true },
    onSuccess: (result, { operatorId, teamId }) => {
      // Into a team with nobody named, the server may have picked a member: the newest history entry says who holds it.
      update({
        assigned_operator_id: result.results[0]?.operator_id ?? operatorId,
        ...(teamId === undefined ? {} : { team_id: teamId }),
      });
      void queryClient.invalidateQueries({ queryKey: teamKeys.assignments(chat.id) });
      void queryClient.invalidateQueries({ queryKey: teamKeys.directory });
    },
  });
  const status = useMutation({
    mutationFn: (next: 'resolved' | 'open') => (next === 'resolved' ? resolveChat(chat.id) : reopenChat(chat.id)),
    meta: { silent: true },
    onSuccess: (result) => {
      update({ status: result.status });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(chat.id) });
    },
  });
  const labels = useMutation({
    mutationFn: (labelIds: number[]) => setChatLabels(chat.id, labelIds),
    meta: { silent: true },
    onSuccess: (result) => {
      queryClient.setQueryData(teamKeys.chatLabels(chat.id), result);
      update({ label_ids: result.map((label) => label.id) });
    },
  });
  return { assign, status, labels };
}
