package com.easymo.benchmarks;

import java.util.List;

/**
 * Stack frames of a failed outbound call, for the cause raised in the HTTP client and for the exception from a Jetty
 * request thread that wraps it. The two lists share no trailing frame, so logback writes all of them and omits none
 * as common frames.
 */
final class StackFrames {

    /** Frames of an I/O error raised on the HTTP client's thread, innermost first. */
    private static final List<String> PROVIDER_CLIENT = List.of(
            "jdk.internal.net.http.HttpClientImpl#send#HttpClientImpl.java#964",
            "jdk.internal.net.http.HttpClientFacade#send#HttpClientFacade.java#133",
            "com.easymo.commons.http.OutboundHttpClient#execute#OutboundHttpClient.java#188",
            "com.easymo.commons.http.OutboundHttpClient#lambda$send$2#OutboundHttpClient.java#141",
            "io.github.resilience4j.circuitbreaker.CircuitBreaker#lambda$decorateCheckedSupplier$0"
                    + "#CircuitBreaker.java#83",
            "io.github.resilience4j.circuitbreaker.CircuitBreaker#executeCheckedSupplier#CircuitBreaker.java#704",
            "com.easymo.commons.http.OutboundHttpClient#send#OutboundHttpClient.java#139",
            "com.easymo.commons.http.OutboundHttpClient#postJson#OutboundHttpClient.java#97",
            "com.easymo.voicebridge.provider.HttpTelephonyProvider#createCall#HttpTelephonyProvider.java#112",
            "com.easymo.voicebridge.provider.HttpTelephonyProvider#lambda$placeCall$0#HttpTelephonyProvider.java#74",
            "java.util.concurrent.CompletableFuture$AsyncSupply#run#CompletableFuture.java#1768",
            "java.util.concurrent.CompletableFuture$AsyncSupply#exec#CompletableFuture.java#1760",
            "java.util.concurrent.ForkJoinTask#doExec#ForkJoinTask.java#373",
            "java.util.concurrent.ForkJoinPool$WorkQueue#topLevelExec#ForkJoinPool.java#1182",
            "java.util.concurrent.ForkJoinPool#runWorker#ForkJoinPool.java#1655",
            "java.util.concurrent.ForkJoinWorkerThread#run#ForkJoinWorkerThread.java#165");

    /** Frames of a request thread from the service down to Jetty's thread pool, innermost first. */
    private static final List<String> REQUEST = List.of(
            "com.easymo.voicebridge.core.CallService#placeCall#CallService.java#88",
            "com.easymo.voicebridge.resources.CallResource#placeOutbound#CallResource.java#61",
            "jdk.internal.reflect.NativeMethodAccessorImpl#invoke0#NativeMethodAccessorImpl.java#-2",
            "jdk.internal.reflect.NativeMethodAccessorImpl#invoke#NativeMethodAccessorImpl.java#77",
            "jdk.internal.reflect.DelegatingMethodAccessorImpl#invoke#DelegatingMethodAccessorImpl.java#43",
            "java.lang.reflect.Method#invoke#Method.java#568",
            "org.glassfish.jersey.server.model.internal.ResourceMethodInvocationHandlerFactory#lambda$static$0"
                    + "#ResourceMethodInvocationHandlerFactory.java#52",
            "org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher$1#run"
                    + "#AbstractJavaResourceMethodDispatcher.java#146",
            "org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher#invoke"
                    + "#AbstractJavaResourceMethodDispatcher.java#189",
            "org.glassfish.jersey.server.model.internal.JavaResourceMethodDispatcherProvider$TypeOutInvoker"
                    + "#doDispatch#JavaResourceMethodDispatcherProvider.java#219",
            "org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher#dispatch"
                    + "#AbstractJavaResourceMethodDispatcher.java#93",
            "org.glassfish.jersey.server.model.ResourceMethodInvoker#invoke#ResourceMethodInvoker.java#478",
            "org.glassfish.jersey.server.model.ResourceMethodInvoker#apply#ResourceMethodInvoker.java#400",
            "org.glassfish.jersey.server.ServerRuntime$1#run#ServerRuntime.java#256",
            "org.glassfish.jersey.internal.Errors#process#Errors.java#292",
            "org.glassfish.jersey.process.internal.RequestScope#runInScope#RequestScope.java#266",
            "org.glassfish.jersey.server.ServerRuntime#process#ServerRuntime.java#235",
            "org.glassfish.jersey.server.ApplicationHandler#handle#ApplicationHandler.java#684",
            "org.glassfish.jersey.servlet.WebComponent#service#WebComponent.java#394",
            "org.glassfish.jersey.servlet.ServletContainer#service#ServletContainer.java#358",
            "org.eclipse.jetty.ee10.servlet.ServletHolder#handle#ServletHolder.java#736",
            "org.eclipse.jetty.server.handler.ContextHandler#handle#ContextHandler.java#1181",
            "org.eclipse.jetty.util.thread.QueuedThreadPool$Runner#run#QueuedThreadPool.java#1139",
            "java.lang.Thread#run#Thread.java#840");

    private StackFrames() {}

    static StackTraceElement[] providerClientFrames() {
        return toFrames(PROVIDER_CLIENT);
    }

    static StackTraceElement[] requestFrames() {
        return toFrames(REQUEST);
    }

    /** Parses frames written as {@code class#method#file#line}. */
    private static StackTraceElement[] toFrames(List<String> frames) {
        return frames.stream()
                .map(frame -> frame.split("#", -1))
                .map(part -> new StackTraceElement(part[0], part[1], part[2], Integer.parseInt(part[3])))
                .toArray(StackTraceElement[]::new);
    }
}
