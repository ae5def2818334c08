package dev.atrium.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that Kuma accepts both as a number and as a string (Kubernetes'
 * int-or-string), such as a mirror percentage ({@code 50} or {@code "12.5"}) or a proto uint64
 * counter that Go's jsonpb writes as {@code "10"}. Jackson's scalar coercion already reads both; the
 * annotation tells the CRD generator ({@code dev.atrium.core.k8s.crd}) to let both through too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface IntOrString {}
