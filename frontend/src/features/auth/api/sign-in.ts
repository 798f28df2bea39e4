import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type {
  AuthResponse,
  BootstrapAdminRequest,
  LoginRequest,
  RegisterRequest,
  TelegramLoginRequest,
} from "@/lib/api/types";
import { useSession } from "@/lib/auth";
import { queryKeys } from "@/lib/query-keys";

/** Every way in answers `{access, user}` and sets the refresh cookie; the session takes it from there. */
function useSignInMutation<TBody>(path: string) {
  const { signIn } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => apiRequest<AuthResponse>(path, { method: "POST", json: body, auth: false }),
    onSuccess: (response) => {
      queryClient.removeQueries({ queryKey: queryKeys.bootstrapStatus() });
      signIn(response);
    },
  });
}

export const useLogin = () => useSignInMutation<LoginRequest>("/auth/login/");
export const useRegister = () => useSignInMutation<RegisterRequest>("/auth/register/");
export const useBootstrapAdmin = () => useSignInMutation<BootstrapAdminRequest>("/auth/bootstrap-admin/");
export const useTelegramLogin = () => useSignInMutation<TelegramLoginRequest>("/auth/telegram/");
