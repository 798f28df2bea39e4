"""The rules admin API (SPEC 10.1; capability rules.manage), mounted in adminpanel/api/urls.py."""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.capabilities import Capability
from apps.common.filters import UserIdFilter
from apps.common.permissions import require
from apps.common.serializers import parse

from . import selectors, services
from .models import Rule, RuleMode, RuleRun, RunOutcome
from .validation import catalog, validate_rule

TAGS = ["admin: rules"]
PERMISSIONS = [require(Capability.RULES_MANAGE)]


class RuleSerializer(serializers.ModelSerializer):
    updated_by = serializers.IntegerField(source="updated_by_id", allow_null=True, read_only=True)
    trigger = serializers.JSONField()
    conditions = serializers.JSONField()
    actions = serializers.JSONField()

    class Meta:
        model = Rule
        fields = ["id", "name", "description", "enabled", "mode", "priority", "stop_processing", "trigger",
                  "conditions", "actions", "version", "updated_at", "updated_by"]
        read_only_fields = fields


class RuleListSerializer(RuleSerializer):
    """A rule in the list, with its run log's figures (computed in the list's one query)."""

    last_run_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="The newest run, or null.")
    runs_7d = serializers.IntegerField(read_only=True, help_text="Runs in the last 7 days.")
    errors_7d = serializers.IntegerField(read_only=True, help_text="Runs with outcome error in the last 7 days.")

    class Meta(RuleSerializer.Meta):
        fields = [*RuleSerializer.Meta.fields, "last_run_at", "runs_7d", "errors_7d"]
        read_only_fields = fields


class RuleWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    enabled = serializers.BooleanField(required=False)
    mode = serializers.ChoiceField(choices=RuleMode.choices, required=False)
    priority = serializers.IntegerField(required=False, min_value=-10000, max_value=10000)
    stop_processing = serializers.BooleanField(required=False)
    trigger = serializers.JSONField(help_text='{"type": "event", "event": ...} or {"type": "duration", '
                                              '"status": ..., "hours": N}')
    conditions = serializers.JSONField(required=False, help_text="all / any / not groups of {field, op, value}")
    actions = serializers.JSONField(required=False, help_text="[{type, params}]")


class RuleDefinitionSerializer(serializers.Serializer):
    trigger = serializers.JSONField()
    conditions = serializers.JSONField(required=False, default=dict)
    actions = serializers.JSONField(required=False, default=list)


class DryRunSerializer(serializers.Serializer):
    appointment_id = serializers.IntegerField(min_value=1)


class UnsavedDryRunSerializer(serializers.Serializer):
    rule = RuleWriteSerializer()
    appointment_id = serializers.IntegerField(min_value=1)


class RuleRunSerializer(serializers.ModelSerializer):
    rule = serializers.IntegerField(source="rule_id", read_only=True)
    event = serializers.IntegerField(source="event_id", allow_null=True, read_only=True)
    appointment = serializers.IntegerField(source="appointment_id", allow_null=True, read_only=True)
    trace = serializers.JSONField()
    actions = serializers.JSONField()

    class Meta:
        model = RuleRun
        fields = ["id", "rule", "rule_version", "event", "appointment", "outcome", "trace", "actions", "duration_us",
                  "created_at"]
        read_only_fields = fields


DRY_RUN_RESPONSE = inline_serializer("RuleDryRun", {
    "matched": serializers.BooleanField(),
    "trace": serializers.ListField(child=serializers.DictField()),
    "actions": serializers.ListField(child=serializers.DictField()),
})
INVALID = OpenApiResponse(description='`{"code": "invalid_rule", "errors": [{path, code, detail}]}`')


class RuleCatalogView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(tags=TAGS, summary="What rules can trigger on, read and do (for a rule builder)",
                   responses={200: inline_serializer("RuleCatalog", {
                       "triggers": serializers.ListField(child=serializers.DictField()),
                       "fields": serializers.ListField(child=serializers.DictField()),
                       "actions": serializers.ListField(child=serializers.DictField()),
                       "limits": serializers.DictField()})})
    def get(self, request):
        return Response(catalog())


class RuleValidateView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(tags=TAGS, summary="Validate a rule definition", request=RuleDefinitionSerializer,
                   responses={200: inline_serializer("RuleValid", {"valid": serializers.BooleanField()}),
                              400: INVALID})
    def post(self, request):
        data = parse(RuleDefinitionSerializer, request.data)
        services.rule_errors_raise(**data)
        return Response({"valid": True})


class RuleListView(GenericAPIView):
    permission_classes = PERMISSIONS
    serializer_class = RuleSerializer

    def get_queryset(self):
        return selectors.rule_list()

    @extend_schema(tags=TAGS, summary="Rules (by priority), with the last run and the runs and errors of 7 days",
                   responses=RuleListSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(RuleListSerializer(page, many=True).data)

    @extend_schema(tags=TAGS, summary="Create a rule (validated, audited)", request=RuleWriteSerializer,
                   responses={201: RuleSerializer, 400: INVALID})
    def post(self, request):
        data = parse(RuleWriteSerializer, request.data)
        rule = services.rule_create(actor=request.user, data=dict(data))
        return Response(RuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class RuleDetailView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(tags=TAGS, summary="A rule", responses=RuleSerializer)
    def get(self, request, pk: int):
        return Response(RuleSerializer(selectors.rule_get(rule_id=pk)).data)

    @extend_schema(tags=TAGS, summary="Change a rule (validated, audited with the diff; the version goes up)",
                   request=RuleWriteSerializer, responses={200: RuleSerializer, 400: INVALID})
    def patch(self, request, pk: int):
        data = parse(RuleWriteSerializer, request.data, partial=True)
        rule = services.rule_update(actor=request.user, rule_id=pk, data=dict(data))
        return Response(RuleSerializer(rule).data)

    @extend_schema(tags=TAGS, summary="Delete a rule (audited)", responses={204: None})
    def delete(self, request, pk: int):
        services.rule_delete(actor=request.user, rule_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RuleDryRunView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(tags=TAGS, summary="Dry-run a saved rule on an appointment (changes nothing)",
                   operation_id="admin_rule_dry_run",
                   request=DryRunSerializer, responses=DRY_RUN_RESPONSE)
    def post(self, request, pk: int):
        data = parse(DryRunSerializer, request.data)
        rule = selectors.rule_get(rule_id=pk)
        return Response(selectors.rule_dry_run(rule=rule, appointment_id=data["appointment_id"]))


class UnsavedRuleDryRunView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(tags=TAGS, summary="Dry-run an unsaved rule on an appointment (changes nothing)",
                   operation_id="admin_rules_dry_run_unsaved",
                   request=UnsavedDryRunSerializer, responses={200: DRY_RUN_RESPONSE, 400: INVALID})
    def post(self, request):
        data = parse(UnsavedDryRunSerializer, request.data)
        definition = dict(data["rule"])
        definition.setdefault("conditions", {"all": []})
        definition.setdefault("actions", [])
        services.rule_errors_raise(trigger=definition["trigger"], conditions=definition["conditions"],
                                   actions=definition["actions"])
        rule = Rule(**definition)
        return Response(selectors.rule_dry_run(rule=rule, appointment_id=data["appointment_id"]))


class RuleRunFilter(django_filters.FilterSet):
    rule = UserIdFilter(field_name="rule_id", help_text="The rule's id.")
    appointment = UserIdFilter(field_name="appointment_id", help_text="The appointment's id.")
    outcome = django_filters.ChoiceFilter(choices=RunOutcome.choices)

    class Meta:
        model = RuleRun
        fields = ["rule", "appointment", "outcome"]


class RuleRunListView(ListAPIView):
    permission_classes = PERMISSIONS
    serializer_class = RuleRunSerializer
    filterset_class = RuleRunFilter

    def get_queryset(self):
        return selectors.rule_run_list()

    @extend_schema(tags=TAGS, summary="Rule runs, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RuleRunsOfRuleView(ListAPIView):
    permission_classes = PERMISSIONS
    serializer_class = RuleRunSerializer
    filterset_class = RuleRunFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return RuleRun.objects.none()
        rule = selectors.rule_get(rule_id=self.kwargs["pk"])
        return selectors.rule_run_list(rule_id=rule.pk)

    @extend_schema(tags=TAGS, summary="Runs of one rule, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


__all__ = ["validate_rule"]
