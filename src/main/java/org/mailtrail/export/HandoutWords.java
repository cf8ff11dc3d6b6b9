package org.mailtrail.export;

import java.util.Locale;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.timeline.SummaryText;

/** The words of the page in one language. */
final class HandoutWords {
    String lang;
    String handout;
    String session;
    String mode;
    String started;
    String seed;
    String source;
    String message;
    String from;
    String to;
    String cc;
    String subject;
    String comparison;
    String route;
    String direct = "direct";
    String relayed = "relay";
    /** What stands between a label and its value: ": ", in French " : ". */
    String colon = ": ";

    /** The route's name in this language (the data attributes keep {@code direct}/{@code relay}). */
    String routeName(Journey j) {
        return j.route() == org.mailtrail.world.Route.RELAY ? relayed : direct;
    }
    String outcome;
    String recipient;
    String status;
    String host;
    String detail;
    String figures;
    String diagram;
    String map;
    String caption;
    String capped;
    String steps;
    String footer;
    String[] figure;
    String[] legend;
    String[] statuses;
    String simulation;
    String live;
    SummaryText summaries;
    org.mailtrail.timeline.DetailLineText detailLines;

    static HandoutWords of(Locale locale) {
        HandoutWords w = new HandoutWords();
        w.summaries = new SummaryText(locale);
        w.detailLines = new org.mailtrail.timeline.DetailLineText(locale);
        switch (locale.getLanguage()) {
            case "de" -> german(w);
            case "fr" -> french(w);
            case "es" -> spanish(w);
            default -> english(w);
        }
        return w;
    }

    private static void german(HandoutWords w) {
        w.lang = "de";
        w.handout = "Handout";
        w.session = "Sitzung";
        w.mode = "Modus";
        w.started = "Beginn";
        w.seed = "Seed";
        w.source = "Quelle";
        w.message = "Die Nachricht";
        w.from = "Von";
        w.to = "An";
        w.cc = "Cc";
        w.subject = "Betreff";
        w.comparison = "Die Wege im Vergleich";
        w.route = "Weg";
        w.direct = "direkt";
        w.relayed = "\u00fcber den Smarthost";
        w.outcome = "Ergebnis";
        w.recipient = "Empf\u00e4nger";
        w.status = "Status";
        w.host = "Host";
        w.detail = "Einzelheiten";
        w.figures = "Kennzahlen";
        w.diagram = "Sequenzdiagramm";
        w.map = "Netzwerkkarte";
        w.caption = "%1$s Schritte auf dem Weg %2$s, einer pro Pfeil, in zeitlicher Reihenfolge.";
        w.capped = "Das Diagramm zeigt nur die ersten %1$s von %2$s Schritten; die Liste der Schritte unten ist vollst\u00e4ndig.";
        w.steps = "Schritt f\u00fcr Schritt";
        w.footer = "Erstellt mit Mail Trail. Zeiten seit Beginn der Sitzung (Stunden:Minuten:Sekunden.Mikrosekunden).";
        w.figure = new String[] {"Hops (Server, die die Nachricht \u00fcbernahmen)", "TCP-Verbindungen",
            "DNS-Anfragen", "SMTP-Round-Trips", "Gesamtdauer", "Received:-Zeilen"};
        w.legend = new String[] {"DNS", "TCP/TLS", "Befehl", "Erfolg (2xx)", "Weiter (3xx)",
            "Vor\u00fcbergehender Fehler (4xx)", "Dauerhafter Fehler (5xx)", "Lokaler Schritt"};
        w.statuses = new String[] {"zugestellt", "zur\u00fcckgewiesen", "in der Warteschlange", "abgelehnt"};
        w.simulation = "Simulation";
        w.live = "Live";
    }

    private static void french(HandoutWords w) {
        w.lang = "fr";
        w.colon = " : ";
        w.handout = "Fiche";
        w.session = "Session";
        w.mode = "Mode";
        w.started = "Début";
        w.seed = "Graine (seed)";
        w.source = "Source";
        w.message = "Le message";
        w.from = "De";
        w.to = "À";
        w.cc = "Cc";
        w.subject = "Objet";
        w.comparison = "Les routes comparées";
        w.route = "Route";
        w.direct = "directe";
        w.relayed = "par relais";
        w.outcome = "Résultat";
        w.recipient = "Destinataire";
        w.status = "État";
        w.host = "Hôte";
        w.detail = "Détail";
        w.figures = "Chiffres clés";
        w.diagram = "Diagramme de séquence";
        w.map = "Carte du réseau";
        w.caption = "%1$s étapes sur la route %2$s, une flèche par étape, dans l’ordre chronologique.";
        w.capped = "Le diagramme ne montre que les %1$s premières étapes sur %2$s ; la liste des étapes ci-dessous est complète.";
        w.steps = "Étape par étape";
        w.footer = "Réalisé avec Mail Trail. Temps depuis le début de la session (heures:minutes:secondes.microsecondes).";
        w.figure = new String[] {"Sauts (serveurs qui ont pris le message)", "Connexions TCP", "Requêtes DNS",
            "Allers-retours SMTP", "Durée totale", "Lignes Received:"};
        w.legend = new String[] {"DNS", "TCP/TLS", "Commande", "Succès (2xx)", "Suite attendue (3xx)",
            "Échec temporaire (4xx)", "Échec définitif (5xx)", "Étape locale"};
        w.statuses = new String[] {"remis", "non remis", "en file d’attente", "refusé"};
        w.simulation = "simulation";
        w.live = "envoi réel";
    }

    private static void spanish(HandoutWords w) {
        w.lang = "es";
        w.handout = "Ficha";
        w.session = "Sesión";
        w.mode = "Modo";
        w.started = "Inicio";
        w.seed = "Semilla";
        w.source = "Origen";
        w.message = "El mensaje";
        w.from = "De";
        w.to = "Para";
        w.cc = "CC";
        w.subject = "Asunto";
        w.comparison = "Las rutas comparadas";
        w.route = "Ruta";
        w.direct = "directa";
        w.relayed = "por retransmisión";
        w.outcome = "Resultado";
        w.recipient = "Destinatario";
        w.status = "Estado";
        w.host = "Equipo";
        w.detail = "Detalle";
        w.figures = "Cifras";
        w.diagram = "Diagrama de secuencia";
        w.map = "Mapa de red";
        w.caption = "%1$s pasos en la ruta %2$s, una flecha por paso, en orden cronológico.";
        w.capped = "El diagrama solo muestra los %1$s primeros pasos de %2$s; la lista de pasos de abajo está completa.";
        w.steps = "Paso a paso";
        w.footer = "Hecho con Mail Trail. Tiempos desde el inicio de la sesión (horas:minutos:segundos.microsegundos).";
        w.figure = new String[] {"Saltos (servidores que recibieron el mensaje)", "Conexiones TCP", "Consultas DNS",
            "Idas y vueltas SMTP", "Duración total", "Líneas Received:"};
        w.legend = new String[] {"DNS", "TCP/TLS", "Orden", "Éxito (2xx)", "Continuar (3xx)",
            "Fallo transitorio (4xx)", "Fallo permanente (5xx)", "Paso local"};
        w.statuses = new String[] {"entregado", "devuelto", "en cola", "rechazado"};
        w.simulation = "simulación";
        w.live = "en vivo";
    }

    private static void english(HandoutWords w) {
        w.lang = "en";
        w.handout = "Handout";
        w.session = "Session";
        w.mode = "Mode";
        w.started = "Started";
        w.seed = "Seed";
        w.source = "Source";
        w.message = "The message";
        w.from = "From";
        w.to = "To";
        w.cc = "Cc";
        w.subject = "Subject";
        w.comparison = "The routes compared";
        w.route = "Route";
        w.outcome = "Outcome";
        w.recipient = "Recipient";
        w.status = "Status";
        w.host = "Host";
        w.detail = "Detail";
        w.figures = "Figures";
        w.diagram = "Sequence diagram";
        w.map = "Network map";
        w.caption = "%1$s steps on the %2$s route, one arrow each, in time order.";
        w.capped = "The diagram shows only the first %1$s of %2$s steps; the list of steps below is complete.";
        w.steps = "Step by step";
        w.footer = "Made with Mail Trail. Times since the start of the session (hours:minutes:seconds.microseconds).";
        w.figure = new String[] {"Hops (servers that took the message)", "TCP connections", "DNS queries",
            "SMTP round trips", "Total time", "Received: lines"};
        w.legend = new String[] {"DNS", "TCP/TLS", "Command", "Success (2xx)", "Go on (3xx)",
            "Temporary failure (4xx)", "Permanent failure (5xx)", "Local step"};
        w.statuses = new String[] {"delivered", "bounced", "queued", "refused"};
        w.simulation = "simulation";
        w.live = "live";
    }

    String status(RecipientOutcome.Status s) {
        return statuses[s.ordinal()];
    }

    String mode(String m) {
        if ("simulation".equals(m)) {
            return simulation;
        }
        return "live".equals(m) ? live : m;
    }
}
