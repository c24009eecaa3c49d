package org.openiwd.api.tenant;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.security.ApiKeyRepository;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.tenant.ProvisioningService.ProvisionedTenant;
import org.openiwd.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /iwd/v3/provisioning}: tenants and their keys, for the cluster admin key. The cluster datamart and email
 * keys may list tenants (without keys), which is how those services find them. The audit of these operations is
 * read at {@code /iwd/v3/provisioning/audit} ({@link AuditController}).
 */
@RestController
@RequestMapping("/iwd/v3/provisioning")
@Tag(name = "Provisioning", description = "Tenants and their keys, with the cluster admin key; every operation is "
        + "audited")
class ProvisioningController {

    private final ProvisioningService provisioning;
    private final AuditLog audit;

    ProvisioningController(ProvisioningService provisioning, AuditLog audit) {
        this.provisioning = provisioning;
        this.audit = audit;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createTenant", summary = "Create a tenant, with a tenant, a datamart and an email key")
    @ApiResponse(responseCode = "409", ref = "Conflict")
    ProvisionedTenant create(Caller caller, @Valid @RequestBody Tenant tenant) {
        return audited(caller, "tenant.create", tenant.id(), requested(tenant),
                () -> provisioning.create(admin(caller), tenant));
    }

    @PutMapping
    @Operation(operationId = "updateTenant", summary = "Change a tenant's name or time zone")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = "NotFound")
    Tenant update(Caller caller, @Valid @RequestBody Tenant tenant) {
        return audited(caller, "tenant.update", tenant.id(), requested(tenant),
                () -> provisioning.update(admin(caller), tenant));
    }

    @GetMapping
    @Operation(operationId = "listTenants", summary = "List the tenants (also for the cluster datamart and email keys)")
    Map<String, List<Tenant>> list(Caller caller) {
        if (!caller.cluster()) {
            caller.require(Role.ADMIN);
        }
        return Map.of("tenants", provisioning.list());
    }

    @DeleteMapping("/{tenantId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteTenant", summary = "Delete a tenant with all its data")
    void delete(Caller caller, @PathVariable String tenantId) {
        audited(caller, "tenant.delete", tenantId, null, () -> {
            provisioning.delete(admin(caller), tenantId);
            return null;
        });
    }

    /** Mints a key with the role given; the response holds the secret, shown only this once. */
    @PostMapping("/{tenantId}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "mintKey", summary = "Mint a key for a tenant; its secret is shown only this once")
    ApiKeyRepository.MintedKey mintKey(Caller caller, @PathVariable String tenantId,
            @Valid @RequestBody KeyRequest body) {
        return audited(caller, "key.mint:" + body.role(), tenantId, Map.of("role", body.role()),
                () -> provisioning.mintKey(admin(caller), tenantId, Role.fromWire(body.role())));
    }

    @GetMapping("/{tenantId}/keys")
    @Operation(operationId = "listKeys", summary = "List a tenant's keys, without their secrets")
    Map<String, List<ApiKeyRepository.KeyInfo>> keys(Caller caller, @PathVariable String tenantId) {
        admin(caller);
        return Map.of("keys", provisioning.keys(tenantId));
    }

    @DeleteMapping("/{tenantId}/keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeKey", summary = "Revoke a key")
    void revokeKey(Caller caller, @PathVariable String tenantId, @PathVariable long keyId) {
        audited(caller, "key.revoke", tenantId, Map.of("keyId", keyId), () -> {
            provisioning.revokeKey(admin(caller), tenantId, keyId);
            return null;
        });
    }

    /**
     * Runs a provisioning operation; when it is refused, the refusal is audited in a transaction of its own (the
     * operation's own audit row rolled back with it), with what was asked ({@code details}, never a secret).
     */
    private <T> T audited(Caller caller, String action, String tenantId, Map<String, ?> details,
            java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        }
        catch (ApiProblem refused) {
            audit.record(caller, action, tenantId, "refused: " + refused.code(), details);
            throw refused;
        }
        catch (IllegalArgumentException refused) {
            audit.record(caller, action, tenantId, "refused: invalid-value", details);
            throw refused;
        }
    }

    private static Map<String, String> requested(Tenant tenant) {
        return Map.of("name", tenant.name(), "timeZone", tenant.timeZone());
    }

    private static Caller admin(Caller caller) {
        return caller.require(Role.ADMIN);
    }

    record KeyRequest(@NotBlank @Schema(allowableValues = {"tenant", "datamart", "email", "import"}) String role) {
    }
}
