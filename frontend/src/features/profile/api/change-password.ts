import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";

/*
 * PENDING SCHEMA: `POST /me/password/` is being built on the `product` branch and is not in this
 * branch's OpenAPI schema yet. Replace this request shape with the generated type after the merge.
 */
type PasswordChangeRequest = { current_password: string; new_password: string };

/** 204; a wrong current password is 400 with `errors.current_password`, validator messages in `errors.new_password`. */
export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: PasswordChangeRequest) => apiRequest<null>("/me/password/", { method: "POST", json: body }),
  });
