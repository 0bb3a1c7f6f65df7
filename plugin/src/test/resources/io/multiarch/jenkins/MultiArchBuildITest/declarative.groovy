// Declarative: multiArchBuild directly inside steps {}; the stage's agent holds the context.
pipeline {
    agent none
    stages {
        stage('Image') {
            agent { label 'source' }
            steps {
                sh "rm -rf app && cp -R '@CONTEXT@' app"
                multiArchBuild(image: '@REGISTRY@/team/declarative', tags: ['1.0'],
                        platforms: ['linux/amd64', 'linux/s390x'], context: 'app',
                        labels: [amd64: 'amd64'], emulationLabel: 'qemu',
                        registry: [url: 'http://@REGISTRY@', credentialsId: 'registry-creds'])
            }
        }
    }
}
