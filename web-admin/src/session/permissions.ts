import { isRole, permissionsOfRoles, type Permission } from '@threefold/domain';
import { computed } from 'vue';
import { useSession } from './store';

/**
 * What the signed-in colleague's roles let them do, to show only the actions they can take (no
 * "Correct these details" for someone who may only read). The API checks every call anyway.
 */
export function usePermissions() {
  const { user } = useSession();
  const held = computed(() => permissionsOfRoles((user.value?.roles ?? []).filter(isRole)));
  return {
    held,
    can: (permission: Permission) => held.value.has(permission),
  };
}
