import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest, type Paginated } from "@/lib/api-client";
import type { AdminMaster, AdminUser } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { usersChanged } from "@/lib/query-invalidation";

export type AdminUserParams = { role?: string; q?: string; status?: string; page?: number; page_size?: number };

export const adminUsersQueryOptions = (params: AdminUserParams) =>
  queryOptions({
    queryKey: queryKeys.admin.users(params),
    queryFn: ({ signal }) => apiRequest<Paginated<AdminUser>>("/admin/users/all/", { query: params, signal }),
    placeholderData: keepPreviousData,
  });

export const useAdminUsers = (params: AdminUserParams) => useQuery(adminUsersQueryOptions(params));

export const adminMastersQueryOptions = (params: AdminUserParams) =>
  queryOptions({
    queryKey: queryKeys.admin.masters(params),
    queryFn: ({ signal }) => apiRequest<Paginated<AdminMaster>>("/admin/masters/", { query: params, signal }),
    placeholderData: keepPreviousData,
  });

export const useAdminMasters = (params: AdminUserParams) => useQuery(adminMastersQueryOptions(params));

/** Every user change can move counts and lists anywhere in the admin screens. */
function useUserMutation<TBody>(path: (id: number) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body?: TBody }) => apiRequest<unknown>(path(id), { method: "POST", json: body ?? {} }),
    onSuccess: () => usersChanged(queryClient),
  });
}

export const useBanUser = () => useUserMutation<{ reason: string }>((id) => `/admin/users/${id}/ban/`);
export const useUnbanUser = () => useUserMutation<{ reason?: string }>((id) => `/admin/users/${id}/unban/`);
export const useSetUserRole = () => useUserMutation<{ role: string; admin_role?: string }>((id) => `/admin/users/${id}/role/`);
export const useActivateMaster = () => useUserMutation<{ reason?: string }>((id) => `/admin/masters/${id}/activate/`);
export const useSuspendMaster = () => useUserMutation<{ reason?: string }>((id) => `/admin/masters/${id}/suspend/`);
