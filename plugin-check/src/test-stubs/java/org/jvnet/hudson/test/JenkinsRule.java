package org.jvnet.hudson.test;

import hudson.EnvVars;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.Slave;
import hudson.model.TopLevelItem;
import hudson.security.AbstractPasswordBasedSecurityRealm;
import hudson.slaves.DumbSlave;
import hudson.tasks.Builder;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import org.htmlunit.html.HtmlPage;
import org.xml.sax.SAXException;

public class JenkinsRule {
    public Jenkins jenkins;

    public <T extends TopLevelItem> T createProject(Class<T> type, String name) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public FreeStyleProject createFreeStyleProject(String name) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public DummySecurityRealm createDummySecurityRealm() {
        throw new UnsupportedOperationException("stub");
    }

    public static class DummySecurityRealm extends AbstractPasswordBasedSecurityRealm {
        DummySecurityRealm() {
            throw new UnsupportedOperationException("stub");
        }
    }

    public DumbSlave createSlave(String nodeName, String labels, EnvVars env) throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    public DumbSlave createOnlineSlave() throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    public void waitOnline(Slave s) throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    public void configRoundtrip() throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    public <B extends Builder> B configRoundtrip(B before) throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    public <J extends Job<J, R> & ParameterizedJobMixIn.ParameterizedJob<J, R>, R extends Run<J, R> & Queue.Executable>
            R buildAndAssertStatus(Result status, J job) throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    public FreeStyleBuild buildAndAssertSuccess(FreeStyleProject job) throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    public void assertLogContains(String substring, Run run) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public void assertLogNotContains(String substring, Run run) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public static String getLog(Run run) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public void assertEqualDataBoundBeans(Object lhs, Object rhs)
            throws InvocationTargetException, NoSuchMethodException, IllegalAccessException {
        throw new UnsupportedOperationException("stub");
    }

    public WebClient createWebClient() {
        throw new UnsupportedOperationException("stub");
    }

    public class WebClient {
        public WebClient() {
            throw new UnsupportedOperationException("stub");
        }

        public WebClient login(String username) throws Exception {
            throw new UnsupportedOperationException("stub");
        }

        public HtmlPage getPage(Run r, String relative) throws IOException, SAXException {
            throw new UnsupportedOperationException("stub");
        }

        public HtmlPage goTo(String relative) throws IOException, SAXException {
            throw new UnsupportedOperationException("stub");
        }

        public void assertFails(String url, int statusCode) throws Exception {
            throw new UnsupportedOperationException("stub");
        }
    }
}
