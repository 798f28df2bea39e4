import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { PasswordResetConfirmRequest, PasswordResetRequest } from "@/lib/api/types";


/** 202 whether or not the address is known: the screen always says "check your email". */
export const useRequestPasswordReset = () =>
  useMutation({
    mutationFn: (body: PasswordResetRequest) => apiRequest<null>("/auth/password-reset/", { method: "POST", json: body, auth: false }),
  });

/** 204 on success; a used, expired or forged link answers 400 `reset_link_invalid`. */
export const useConfirmPasswordReset = () =>
  useMutation({
    mutationFn: (body: PasswordResetConfirmRequest) =>
      apiRequest<null>("/auth/password-reset/confirm/", { method: "POST", json: body, auth: false }),
  });
