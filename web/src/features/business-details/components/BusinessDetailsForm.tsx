import { Alert, Button, FileButton, Group, Image, Loader, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { businessKey, fetchBusiness, saveBusiness, type BusinessDetails } from '../api/business-details.api.ts';

const logoMaxBytes = 256 * 1024;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/**
 * The business's details as fields (name, tax number, address, bank, account, logo): first-run setup
 * asks for them, Settings → Business changes them; every document prints them.
 */
export function BusinessDetailsForm({ onSaved, secondary }: { onSaved?: () => void; secondary?: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: businessKey, queryFn: ({ signal }) => fetchBusiness(signal) });
  const [edits, setEdits] = useState<Partial<BusinessDetails>>({});
  const [logoProblem, setLogoProblem] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => saveBusiness(edits),
    meta: { silent: true },
    onSuccess: (saved) => {
      queryClient.setQueryData(businessKey, saved);
      setEdits({});
      onSaved?.();
    },
  });
  if (query.isPending) return <Loader aria-label={t('common.loading')} />;
  if (query.isError) return <Alert color="red">{errorText(query.error)}</Alert>;
  const current = { ...query.data, ...edits };
  const field = (key: Exclude<keyof BusinessDetails, 'logo'>) => ({
    value: current[key],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setEdits((known) => ({ ...known, [key]: value }));
    },
  });
  const chooseLogo = async (file: File | null) => {
    if (!file) return;
    if (!['image/png', 'image/jpeg'].includes(file.type)) return setLogoProblem(t('businessDetails.logoWrongType'));
    if (file.size > logoMaxBytes) return setLogoProblem(t('businessDetails.logoTooBig', { size: `${Math.ceil(file.size / 1024)} KB` }));
    setLogoProblem(null);
    const logo = await readAsDataUrl(file);
    setEdits((known) => ({ ...known, logo }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <form onSubmit={submit} aria-label={t('businessDetails.title')}>
      <Stack gap="sm">
        {mutation.error && (
          <Alert color="red" role="alert">
            {errorText(mutation.error)}
          </Alert>
        )}
        <TextInput
          label={t('businessDetails.name')}
          placeholder={t('businessDetails.namePlaceholder')}
          maxLength={200}
          {...field('name')}
        />
        <TextInput label={t('businessDetails.taxNumber')} maxLength={32} {...field('tax_number')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label={t('businessDetails.bankName')} maxLength={200} {...field('bank_name')} />
          <TextInput label={t('businessDetails.bankCode')} maxLength={32} {...field('bank_code')} />
        </SimpleGrid>
        {/* An IBAN is long: a line of its own, so it is read whole. */}
        <TextInput label={t('businessDetails.account')} maxLength={64} {...field('account')} />
        <Textarea label={t('businessDetails.address')} autosize minRows={2} maxLength={500} {...field('address')} />
        <div>
          <Text size="sm" fw={500}>
            {t('businessDetails.logo')}
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            {t('businessDetails.logoHint')}
          </Text>
          <Group gap="sm" wrap="wrap">
            {current.logo && <Image src={current.logo} alt={t('businessDetails.logo')} h={48} w="auto" fit="contain" />}
            <FileButton accept="image/png,image/jpeg" onChange={(file) => void chooseLogo(file)}>
              {(props) => (
                <Button variant="default" size="xs" {...props}>
                  {t('businessDetails.chooseLogo')}
                </Button>
              )}
            </FileButton>
            {current.logo && (
              <Button variant="subtle" color="red" size="xs" onClick={() => setEdits((known) => ({ ...known, logo: null }))}>
                {t('businessDetails.removeLogo')}
              </Button>
            )}
          </Group>
          {logoProblem && (
            <Text size="xs" c="red" role="alert" mt={4}>
              {logoProblem}
            </Text>
          )}
        </div>
        <Group gap="sm" mt="xs" wrap="wrap">
          <Button type="submit" loading={mutation.isPending}>
            {onSaved ? t('businessDetails.saveAndContinue') : t('businessDetails.save')}
          </Button>
          {secondary}
          {mutation.isSuccess && !onSaved && (
            <Text size="sm" c="green" role="status">
              {t('businessDetails.saved')}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
