import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatTemplates, TemplateSendBody } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';
import { errorText } from '../../../lib/errors.ts';
import { addTranslations } from '../../../lib/i18n.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useChannelKind } from '../../channels/index.ts';

const en = {
  open: 'Send a template',
  title: 'Message template',
  hint: 'The customer has not written for 24 hours: only an approved template can go until they write again.',
  pick: 'Template',
  none: 'No approved templates: an admin gets them with “Sync templates” under the number in Settings → Messengers.',
  header: 'Header variable {{n}}',
  body: 'Variable {{n}}',
  preview: 'Preview',
  send: 'Send template',
  sent: 'Template queued',
  left: 'Free-form replies allowed for {{hours}} h {{minutes}} min more',
  required: 'Fill in this variable: the template cannot go with a gap',
  gap: '[variable {{n}}]',
};
const ru: typeof en = {
  open: 'Отправить шаблон',
  title: 'Шаблон сообщения',
  hint: 'Клиент не писал больше 24 часов: до его ответа можно отправить только одобренный шаблон.',
  pick: 'Шаблон',
  none: 'Нет одобренных шаблонов: администратор получает их кнопкой «Обновить шаблоны» у номера в Настройки → Мессенджеры.',
  header: 'Переменная заголовка {{n}}',
  body: 'Переменная {{n}}',
  preview: 'Предпросмотр',
  send: 'Отправить шаблон',
  sent: 'Шаблон поставлен в очередь',
  left: 'Свободные ответы можно отправлять ещё {{hours}} ч {{minutes}} мин',
  required: 'Заполните эту переменную: шаблон не уходит с пропуском',
  gap: '[переменная {{n}}]',
};
addTranslations({ templates: { en, ru } });

/** The text with its {{n}} filled; an empty variable shows as a visible placeholder in the user's language. */
function Filled({ text, values, gap }: { text: string; values: string[]; gap: (n: number) => string }) {
  const parts = text.split(/\{\{\s*(\d+)\s*\}\}/);
  return parts.map((part, index) => {
    if (index % 2 === 0) return part;
    const value = values[Number(part) - 1]?.trim();
    return value ? (
      value
    ) : (
      <Text key={index} span c="dimmed" fs="italic" data-testid="template-gap">
        {gap(Number(part))}
      </Text>
    );
  });
}

/** Above the composer, for chats whose channel has templates: the window's time left, or the picker when it is closed. */
export function TemplatePicker({ chatId, channelKind, version }: { chatId: number; channelKind: string; version?: number | null }) {
  const { t } = useTranslation();
  const kind = useChannelKind(channelKind);
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['chat-templates', chatId, version ?? null],
    // The time left is counted on this device's clock (useNow below); the minute's refetch catches a new message.
    queryFn: () => api.get<ChatTemplates>(`/api/chats/${chatId}/templates`),
    enabled: kind?.templates === true,
    refetchInterval: 60_000,
  }).data;
  // The window's end on this device's clock: the picker shows the moment it closes, before any re-read.
  const now = useNow(60_000, list?.window.until).getTime();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [header, setHeader] = useState<string[]>([]);
  const [body, setBody] = useState<string[]>([]);
  // Set by a send with a variable left empty: the empty fields then say so (the button never silently does nothing).
  const [tried, setTried] = useState(false);
  const approved = (list?.templates ?? []).filter((item) => item.status === 'APPROVED');
  const template = approved.find((item) => `${item.name}/${item.language}` === chosen);
  const send = useMutation({
    mutationFn: () => {
      const input: TemplateSendBody = { name: template!.name, language: template!.language, variables: { header, body } };
      return api.post(`/api/chats/${chatId}/templates/send`, input);
    },
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('templates.sent') });
      setOpen(false);
      void client.invalidateQueries({ queryKey: ['chat-templates', chatId] });
    },
  });
  if (!list?.supported) return null;
  const windowOpen = list.window.can_reply && (!list.window.until || now < Date.parse(list.window.until));
  if (windowOpen) {
    if (!list.window.until) return null;
    const left = Math.max(0, Date.parse(list.window.until) - now);
    return (
      <Text size="xs" c="dimmed" px="sm" pt={4} data-testid="window-left">
        {t('templates.left', { hours: Math.floor(left / 3_600_000), minutes: Math.floor((left % 3_600_000) / 60_000) })}
      </Text>
    );
  }
  const choose = (value: string | null) => {
    const next = approved.find((item) => `${item.name}/${item.language}` === value);
    setChosen(value);
    setTried(false);
    setHeader(Array.from({ length: next?.variables.header ?? 0 }, () => ''));
    setBody(Array.from({ length: next?.variables.body ?? 0 }, () => ''));
  };
  const filled = [...header, ...body].every((value) => value.trim() !== '');
  const gap = (n: number) => t('templates.gap', { n });
  const preview = template
    ? [
        template.header?.text ? <Filled key="header" text={template.header.text} values={header} gap={gap} /> : null,
        <Filled key="body" text={template.body} values={body} gap={gap} />,
        template.footer,
      ]
        .filter(Boolean)
        .flatMap((part, index) => (index === 0 ? [part] : ['\n\n', part]))
    : null;
  return (
    <>
      <Group px="sm" pt={4}>
        <Button size="xs" variant="light" onClick={() => setOpen(true)} data-testid="open-templates">
          {t('templates.open')}
        </Button>
      </Group>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('templates.title')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('templates.hint')}</Text>
          {approved.length === 0 ? (
            <Alert color="yellow">{t('templates.none')}</Alert>
          ) : (
            <Select
              label={t('templates.pick')}
              data={approved.map((item) => ({
                value: `${item.name}/${item.language}`,
                label: `${item.name} (${item.language}) · ${item.category}`,
              }))}
              value={chosen}
              onChange={choose}
              data-testid="template-select"
            />
          )}
          {header.map((value, index) => (
            <TextInput
              key={`h${index}`}
              label={t('templates.header', { n: index + 1 })}
              value={value}
              error={tried && value.trim() === '' ? t('templates.required') : undefined}
              onChange={(event) => setHeader(header.map((item, at) => (at === index ? event.currentTarget.value : item)))}
            />
          ))}
          {body.map((value, index) => (
            <TextInput
              key={`b${index}`}
              label={t('templates.body', { n: index + 1 })}
              value={value}
              error={tried && value.trim() === '' ? t('templates.required') : undefined}
              onChange={(event) => setBody(body.map((item, at) => (at === index ? event.currentTarget.value : item)))}
            />
          ))}
          {template && (
            <>
              <Text size="xs" c="dimmed">
                {t('templates.preview')}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="template-preview">
                {preview}
              </Text>
            </>
          )}
          {send.error && <Alert color="red">{errorText(send.error)}</Alert>}
          <Button
            disabled={!template}
            loading={send.isPending}
            onClick={() => (filled ? send.mutate() : setTried(true))}
            data-testid="send-template"
          >
            {t('templates.send')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
