from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class BearerAuthenticationScheme(SimpleJWTScheme):
    target_class = "apps.accounts.authentication.BearerAuthentication"
    name = "jwtAuth"
